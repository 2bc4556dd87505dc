package dev.coinslot.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeError;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Native readiness without native-image: reads the reflection and resource configuration that the Quarkus build of
 * {@code -Dnative} generated (in the native-image source jar, written before native-image would be called) and fails
 * if a stripe-java class the code (de)serialises, or a resource read at run time, is missing. {@code .ci/native-readiness}
 * produces the jar and runs this test; without the jar (plain {@code ./mvnw verify}) it is skipped.
 */
@EnabledIf("sourceJarPresent")
class NativeReadinessTest {

    /** What Coinslot hands to or gets from stripe-java's Gson: responses, errors, list pages, request params. */
    static final List<Class<?>> STRIPE_ROOTS = List.of(PaymentIntent.class, Customer.class, StripeError.class,
            StripeCollection.class, PaymentIntentCreateParams.class, PaymentIntentConfirmParams.class, CustomerCreateParams.class,
            PaymentIntentListParams.class);

    /**
     * Resources read at run time by code that native-image does not see: the AWS SDK's interceptor and HTTP service
     * files. (application.properties is not among them: Quarkus bakes configuration into the image at build time.)
     */
    static final List<String> RUNTIME_RESOURCES = List.of(
            "software/amazon/awssdk/global/handlers/execution.interceptors",
            "software/amazon/awssdk/services/dynamodb/execution.interceptors",
            "META-INF/services/software.amazon.awssdk.http.SdkHttpService");

    private static Map<String, JsonNode> reflection;
    private static List<Pattern> resourcePatterns;

    /** Only when .ci/native-readiness asks (it has just rebuilt the source jar), never on a stale jar. */
    static boolean sourceJarPresent() {
        return Boolean.getBoolean("coinslot.native-check") && sourceJar() != null;
    }

    static Path sourceJar() {
        try (Stream<Path> dirs = Files.list(Path.of("target"))) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-native-image-source-jar"))
                    .flatMap(d -> {
                        try {
                            return Files.list(d);
                        } catch (IOException e) {
                            return Stream.empty();
                        }
                    })
                    .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (ZipFile jar = new ZipFile(sourceJar().toFile())) {
            reflection = new HashMap<>();
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json"))) {
                json.readTree(in).forEach(entry -> reflection.put(entry.path("name").asText(), entry));
            }
            resourcePatterns = new ArrayList<>();
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/native-image/resource-config.json"))) {
                json.readTree(in).path("resources").path("includes")
                        .forEach(p -> resourcePatterns.add(Pattern.compile(p.path("pattern").asText())));
            }
        }
    }

    @Test
    void everyStripeClassTheCodeSerialisesOrDeserialises_isRegisteredWithItsFields() {
        Set<String> required = StripeModelGraph.reachableFrom(STRIPE_ROOTS);
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            JsonNode entry = reflection.get(name);
            if (entry == null || !(entry.path("allDeclaredFields").asBoolean(false) || entry.path("fields").isArray())) {
                missing.add(name);
            }
        }
        assertEquals(0, missing.size(), missing.size() + " stripe-java classes Gson reflects on are not registered, e.g. "
                + missing.subList(0, Math.min(10, missing.size())));
        assertTrue(required.size() > 100, "the graph walk found only " + required.size() + " classes");
    }

    @Test
    void gsonAdaptersStripeJavaUses_areRegistered() {
        for (String adapter : List.of("com.stripe.model.ExpandableFieldDeserializer", "com.stripe.model.StripeRawJsonObjectDeserializer",
                "com.stripe.model.StringInt64TypeAdapter", "com.stripe.net.UntypedMapDeserializer",
                "com.stripe.net.StripeResponseGetterSettingTypeAdapterFactory")) {
            assertTrue(reflection.containsKey(adapter), adapter + " is not registered for reflection");
        }
    }

    @Test
    void resourcesReadAtRunTime_areIncludedInTheImage() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String resource : runtimeResources()) {
            if (resourcePatterns.stream().noneMatch(p -> p.matcher(resource).matches())) {
                missing.add(resource);
            }
        }
        assertEquals(List.of(), missing, "resources read at run time but not in resource-config.json");
    }

    /** The fixed list plus every classpath resource the application's own code loads by name. */
    static List<String> runtimeResources() throws IOException {
        List<String> resources = new ArrayList<>(RUNTIME_RESOURCES);
        Pattern load = Pattern.compile("getResource(?:AsStream)?\\(\"/?([^\"]+)\"\\)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = load.matcher(Files.readString(file));
                while (m.find()) {
                    resources.add(m.group(1));
                }
            }
        }
        return resources;
    }
}

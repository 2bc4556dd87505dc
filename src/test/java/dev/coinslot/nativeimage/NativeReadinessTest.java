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
 * if a stripe-java class the code (de)serialises, a record of the HTTP API that Jackson reads or writes, or a resource
 * read at run time, is missing. {@code .ci/native-readiness}
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

    /**
     * Every record of {@code dev.coinslot.api} and its rooms (request bodies, views, problems) and every Coinslot type reachable
     * through their components is registered with its methods and constructors: Jackson reads record accessors and
     * the canonical constructor reflectively, and answers built as {@code RestResponse<Object>} hide the entity type
     * from Quarkus's own registration.
     */
    @Test
    void everyApiRecordJacksonReadsOrWrites_isRegisteredWithMethodsAndConstructors() throws Exception {
        List<Class<?>> records = new ArrayList<>();
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes.resolve("dev/coinslot/api"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace(".class", "").replace(java.io.File.separatorChar, '.');
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (type.isRecord()) {
                    records.add(type);
                }
            }
        }
        assertTrue(records.size() >= 15, "found only " + records.size() + " records in dev.coinslot.api");
        Set<Class<?>> required = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(records);
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!required.add(type) || !type.isRecord()) {
                continue;
            }
            for (var component : type.getRecordComponents()) {
                for (Class<?> used : classesIn(component.getGenericType())) {
                    if (used.getName().startsWith("dev.coinslot.")) {
                        todo.add(used);
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> type : required) {
            JsonNode entry = reflection.get(type.getName());
            boolean methods = entry != null && (entry.path("allDeclaredMethods").asBoolean(false)
                    || entry.path("allPublicMethods").asBoolean(false) || entry.path("methods").isArray());
            boolean constructors = entry != null && (entry.path("allDeclaredConstructors").asBoolean(false)
                    || entry.path("allPublicConstructors").asBoolean(false));
            if (!methods || !constructors) {
                missing.add(type.getName());
            }
        }
        assertEquals(List.of(), missing, "records Jackson reflects on but not registered with methods and constructors");
    }

    private static List<Class<?>> classesIn(java.lang.reflect.Type type) {
        List<Class<?>> out = new ArrayList<>();
        if (type instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof java.lang.reflect.ParameterizedType p) {
            out.addAll(classesIn(p.getRawType()));
            for (java.lang.reflect.Type arg : p.getActualTypeArguments()) {
                out.addAll(classesIn(arg));
            }
        }
        return out;
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

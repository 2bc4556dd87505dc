package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.coinslot.bench.FunctionProcess;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's two deploy modes, each resolved the way CloudFormation resolves the {@code IsSnapStart} condition
 * (the YAML reader drops the short-form tags, so {@code !If [c, a, b]} reads as the list {@code [c, a, b]}):
 * native stays the default on provided.al2023; snapstart runs the JVM zip on java21 (or java25) with the handler the bench and
 * PackagedFunctionIT run under the Runtime Interface Client, SnapStart on published versions and more memory.
 */
class DeployModeTemplateTest {

    private static JsonNode template;
    private static JsonNode globals;

    @BeforeAll
    static void load() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml"));
        globals = template.path("Globals").path("Function");
    }

    /** The value of {@code node} when IsSnapStart is {@code snapstart}: an !If picks its branch, a plain value stays. */
    private static String resolve(JsonNode node, boolean snapstart) {
        if (node.isArray()) {
            assertEquals("IsSnapStart", node.get(0).asText(), "a mode-dependent setting must test IsSnapStart: " + node);
            return node.get(snapstart ? 1 : 2).asText();
        }
        return node.asText();
    }

    @Test
    void deployMode_defaultsToNative_andTheConditionTestsIt() {
        JsonNode mode = template.path("Parameters").path("DeployMode");
        assertEquals("native", mode.path("Default").asText());
        assertEquals(List.of("native", "snapstart"), List.of(mode.path("AllowedValues").get(0).asText(),
                mode.path("AllowedValues").get(1).asText()));
        JsonNode condition = template.path("Conditions").path("IsSnapStart");
        assertEquals("DeployMode", condition.get(0).asText());
        assertEquals("snapstart", condition.get(1).asText());
    }

    @Test
    void nativeMode_isTheCustomRuntimeWithoutSnapStart() {
        assertEquals("provided.al2023", resolve(globals.path("Runtime"), false));
        assertEquals("None", resolve(globals.path("SnapStart").path("ApplyOn"), false));
        assertEquals("256", resolve(globals.path("MemorySize"), false));
    }

    @Test
    void snapStartMode_isJava21_withTheQuarkusHandler_snapshotsOnPublishedVersions() {
        // the runtime is the JavaRuntime parameter (the reader keeps !Ref's operand): java21 unless java25 is chosen
        assertEquals("JavaRuntime", resolve(globals.path("Runtime"), true));
        JsonNode runtime = template.path("Parameters").path("JavaRuntime");
        assertEquals("java21", runtime.path("Default").asText());
        assertEquals(List.of("java21", "java25"), List.of(runtime.path("AllowedValues").get(0).asText(),
                runtime.path("AllowedValues").get(1).asText()));
        assertEquals(2, runtime.path("AllowedValues").size());
        assertEquals(FunctionProcess.HANDLER, resolve(globals.path("Handler"), true));
        assertEquals("PublishedVersions", resolve(globals.path("SnapStart").path("ApplyOn"), true));
        assertEquals("512", resolve(globals.path("MemorySize"), true));
        // SnapStart restores only published versions: the routes must invoke an alias, not $LATEST
        assertFalse(globals.path("AutoPublishAlias").asText().isBlank(), "AutoPublishAlias must be set");
        // SnapStart hands out credentials through the container endpoint: no function may pin static credentials
        template.path("Resources").properties().forEach(e -> assertTrue(
                !e.getValue().path("Properties").path("Environment").path("Variables").has("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE"),
                e.getKey() + " must keep the SDK's default credentials chain"));
        assertFalse(globals.path("Environment").path("Variables").has("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE"));
    }

    @Test
    void theJvmModeSkipsJava21sLog4ShellPatch_forEveryFunction() {
        // the zip carries no Log4j (PackagedFunctionIT), so the runtime's patch would only add init time
        String patch = "AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION";
        assertEquals("true", globals.path("Environment").path("Variables").path(patch).asText());
        template.path("Resources").properties().forEach(e -> assertFalse(
                e.getValue().path("Properties").path("Environment").path("Variables").has(patch),
                e.getKey() + " must not override the Globals' setting"));
    }

    /** A function's own setting, or the Globals' when it has none. */
    private static JsonNode own(String function, String property) {
        JsonNode value = template.path("Resources").path(function).path("Properties").path(property);
        return value.isMissingNode() ? globals.path(property) : value;
    }

    @Test
    void memoryPerFunction_nativeStaysAt256_theJvmGets512_andTheCpuBoundMetricsFunction1024() {
        Map<String, String> snapstart = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                assertEquals("256", resolve(own(e.getKey(), "MemorySize"), false), e.getKey() + " native");
                snapstart.put(e.getKey(), resolve(own(e.getKey(), "MemorySize"), true));
            }
        });
        // the measured JVM RSS (180-202 MiB after 300 requests) leaves no function below 512 MB on the JVM
        assertEquals(Map.of("CheckoutFunction", "512", "TopupFunction", "512", "WebhookFunction", "512",
                "AdminFunction", "512", "MetricsFunction", "1024"), snapstart);
        // timeouts are per function and the same in both modes (the Stripe-calling ones: StripeTimeoutBudgetTest)
        for (String function : snapstart.keySet()) {
            assertFalse(own(function, "Timeout").isArray(), function + ": Timeout must not depend on the deploy mode");
        }
    }
}

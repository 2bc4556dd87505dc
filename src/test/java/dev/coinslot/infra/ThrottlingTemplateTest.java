package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed surface is throttled: the HTTP API limits every route (and {@code POST /topups}, which creates
 * PaymentIntents, more tightly), and the checkout, top-up and webhook functions each have a reserved concurrency
 * parameter with a positive default. Values come from template parameters so operators can raise them.
 */
class ThrottlingTemplateTest {

    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void load() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml"));
        resources = template.path("Resources");
    }

    /** The default of the parameter a property refers to with {@code !Ref} (the YAML reader keeps the name). */
    private static long parameterDefault(JsonNode ref, String what) {
        JsonNode parameter = template.path("Parameters").path(ref.asText());
        assertFalse(parameter.isMissingNode(), what + " must be a template parameter, is " + ref);
        assertEquals("Number", parameter.path("Type").asText(), what);
        return parameter.path("Default").asLong();
    }

    @Test
    void everyRoute_isThrottledByTheStage_andPostTopupsMoreTightly() {
        JsonNode defaults = resources.path("HttpApi").path("Properties").path("DefaultRouteSettings");
        long rate = parameterDefault(defaults.path("ThrottlingRateLimit"), "API rate limit");
        long burst = parameterDefault(defaults.path("ThrottlingBurstLimit"), "API burst limit");
        assertTrue(rate > 0 && burst >= rate, "rate " + rate + ", burst " + burst);

        JsonNode topup = resources.path("TopupFunction").path("Properties").path("Events").path("PostTopup").path("Properties");
        assertEquals("POST /topups", topup.path("Method").asText() + " " + topup.path("Path").asText());
        long topupRate = parameterDefault(topup.path("RouteSettings").path("ThrottlingRateLimit"), "POST /topups rate");
        long topupBurst = parameterDefault(topup.path("RouteSettings").path("ThrottlingBurstLimit"), "POST /topups burst");
        assertTrue(topupRate > 0 && topupRate < rate, "POST /topups rate " + topupRate + " below the default " + rate);
        assertTrue(topupBurst >= topupRate && topupBurst < burst, "POST /topups burst " + topupBurst);
    }

    @Test
    void checkoutTopupAndWebhook_haveReservedConcurrencyParameters_withPositiveDefaults() {
        Map<String, String> functions = Map.of("CheckoutFunction", "CheckoutReservedConcurrency",
                "TopupFunction", "TopupReservedConcurrency", "WebhookFunction", "WebhookReservedConcurrency");
        long reserved = 0;
        for (Map.Entry<String, String> f : functions.entrySet()) {
            JsonNode setting = resources.path(f.getKey()).path("Properties").path("ReservedConcurrentExecutions");
            // !If [<Fn>HasReservedConcurrency, !Ref <Fn>ReservedConcurrency, !Ref AWS::NoValue]: the YAML reader sees
            // the list; the parameter is its second element.
            assertTrue(setting.toString().contains(f.getValue()), f.getKey() + " uses " + f.getValue() + ": " + setting);
            long value = parameterDefault(TextNode.valueOf(f.getValue()), f.getValue());
            assertTrue(value > 0, f.getValue() + " default " + value);
            assertEquals("0", template.path("Parameters").path(f.getValue()).path("MinValue").asText(),
                    f.getValue() + ": 0 switches the reservation off");
            reserved += value;
        }
        // AWS keeps 10 unreserved; with the default quota of 1,000 the defaults leave plenty for other functions.
        assertTrue(reserved <= 100, "defaults reserve " + reserved);
    }
}

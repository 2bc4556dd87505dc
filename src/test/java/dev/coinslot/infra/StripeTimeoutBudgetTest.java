package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.stripe.net.HttpClient;
import dev.coinslot.config.StripeConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow or unreachable Stripe must end in a clean {@code 503 payments-unavailable}, never in a Lambda timeout. For each
 * function that calls Stripe while answering an API request, the worst case of its Stripe calls, computed from the
 * configuration the deployed function runs with ({@code application.properties} in the prod profile, overridden by
 * the function's environment in the template) and stripe-java's retry back-off, must end well before the function's
 * {@code Timeout}, which itself must stay below the HTTP API's 30 s integration timeout.
 */
class StripeTimeoutBudgetTest {

    /** HTTP API integrations time out after 30 s (not configurable upwards). */
    static final Duration API_INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    /** Left for everything else the request does (DynamoDB reads and writes, JSON), beyond the Stripe worst case. */
    static final Duration MARGIN = Duration.ofSeconds(3);

    /**
     * Stripe requests a function makes one after another while answering one API request, at most: the top-up creates
     * the customer (first top-up only) and the PaymentIntent (a replay reads the PaymentIntent instead); a checkout with
     * auto top-up creates (or, when retried, reads) the PaymentIntent and confirms it.
     */
    static final Map<String, Integer> SEQUENTIAL_STRIPE_CALLS = Map.of("TopupFunction", 2, "CheckoutFunction", 2);

    private static JsonNode template;

    @BeforeAll
    static void load() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml"));
    }

    /** The Stripe configuration a deployed function gets: application.properties (prod profile) plus its environment. */
    static StripeConfig deployedStripeConfig(String function) throws Exception {
        Map<String, String> env = new HashMap<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        template.path("Resources").path(function).path("Properties").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(new File("src/main/resources/application.properties").toURI().toURL(), 250))
                .withSources(new io.smallrye.config.EnvConfigSource(env, 300))
                .withMapping(StripeConfig.class)
                .build();
        return config.getConfigMapping(StripeConfig.class);
    }

    /** One Stripe request at worst: every attempt connects and reads to the timeout, with stripe-java's back-off between. */
    static Duration worstCasePerRequest(StripeConfig stripe) {
        Duration attempt = stripe.connectTimeout().plus(stripe.readTimeout());
        Duration total = attempt.multipliedBy(1L + stripe.maxNetworkRetries());
        for (int retry = 1; retry <= stripe.maxNetworkRetries(); retry++) {
            // stripe-java: min(minDelay * 2^(retry-1), maxDelay), jittered down to 75 % (never below minDelay)
            Duration delay = HttpClient.minNetworkRetriesDelay.multipliedBy(1L << Math.min(retry - 1, 30));
            total = total.plus(delay.compareTo(HttpClient.maxNetworkRetriesDelay) > 0 ? HttpClient.maxNetworkRetriesDelay : delay);
        }
        return total;
    }

    private static Duration timeoutOf(String function) {
        JsonNode own = template.path("Resources").path(function).path("Properties").path("Timeout");
        JsonNode timeout = own.isMissingNode() ? template.path("Globals").path("Function").path("Timeout") : own;
        return Duration.ofSeconds(timeout.asLong());
    }

    @Test
    void eachStripeCallingFunction_outlastsItsStripeWorstCase_withMargin_andAnswersBeforeTheGatewayGivesUp() throws Exception {
        for (Map.Entry<String, Integer> f : SEQUENTIAL_STRIPE_CALLS.entrySet()) {
            StripeConfig stripe = deployedStripeConfig(f.getKey());
            Duration worst = worstCasePerRequest(stripe).multipliedBy(f.getValue());
            Duration timeout = timeoutOf(f.getKey());
            assertTrue(worst.plus(MARGIN).compareTo(timeout) <= 0, f.getKey() + ": Stripe worst case " + worst + " ("
                    + f.getValue() + " requests, connect " + stripe.connectTimeout() + ", read " + stripe.readTimeout()
                    + ", retries " + stripe.maxNetworkRetries() + ") + margin " + MARGIN + " exceeds Timeout " + timeout);
            assertTrue(timeout.compareTo(API_INTEGRATION_TIMEOUT) < 0,
                    f.getKey() + ": Timeout " + timeout + " must end before the HTTP API's " + API_INTEGRATION_TIMEOUT);
        }
    }

    @Test
    void theWorstCase_isComputedFromTheConfiguration() throws Exception {
        // connect 2 s + read 4 s, two attempts, 0.5 s back-off (the defaults)
        assertTrue(Duration.ofMillis(12_500).equals(worstCasePerRequest(deployedStripeConfig("TopupFunction"))),
                worstCasePerRequest(deployedStripeConfig("TopupFunction")).toString());
    }
}

package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs every route in one app (checkout and webhook together), for tests where a checkout and a webhook race for the
 * same payment. In Lambda they are separate functions sharing the table; the code paths are the same.
 */
public class AllFunctionsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "all",
                "stripe.webhook-secret", StripeEvents.SECRET,
                "stripe.webhook-secret-previous", StripeEvents.PREVIOUS_SECRET);
    }
}

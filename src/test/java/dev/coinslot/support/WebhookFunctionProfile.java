package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the app as the webhook Lambda function, with a current and a previous (rotating) signing secret. */
public class WebhookFunctionProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "webhook",
                "stripe.webhook-secret", StripeEvents.SECRET,
                "stripe.webhook-secret-previous", StripeEvents.PREVIOUS_SECRET);
    }
}

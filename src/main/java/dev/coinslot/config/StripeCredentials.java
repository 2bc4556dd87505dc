package dev.coinslot.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Stripe credentials this function holds, resolved once at start-up (from its own Secrets Manager secret in prod,
 * from plain configuration in dev and tests) and kept for the life of the environment: its restricted API key, if it
 * has one, and the webhook signing secrets (current first, then the previous one while a roll is under way).
 * {@link #toString()} never shows a value.
 */
public record StripeCredentials(Optional<String> apiKey, List<String> webhookSecrets, String source) {

    public StripeCredentials {
        Objects.requireNonNull(apiKey, "apiKey");
        webhookSecrets = List.copyOf(webhookSecrets);
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "StripeCredentials[source=" + source + ", apiKey=" + (apiKey.isPresent() ? "present" : "absent")
                + ", webhookSecrets=" + webhookSecrets.size() + "]";
    }
}

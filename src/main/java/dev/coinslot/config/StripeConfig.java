package dev.coinslot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Stripe settings. In prod each function reads its own restricted key (and the webhook function its signing secrets)
 * from its own Secrets Manager secret, {@code STRIPE_SECRET_ARN}, once at start-up (see {@link StripeCredentials});
 * in dev and tests the values are configured directly. Timeouts and retries are sized so the worst case, (connect + read) × (1 + retries) plus back-off, stays well
 * inside the top-up function's Lambda timeout.
 */
@ConfigMapping(prefix = "stripe")
public interface StripeConfig {

    /**
     * API key ({@code rk_live_…} restricted key in prod, {@code sk_test_…} in dev); when set it wins over the key in
     * the secret. Without either, the top-up and webhook functions refuse to start in prod.
     */
    Optional<String> secretKey();

    /**
     * ARN of this function's own Secrets Manager secret ({@code STRIPE_SECRET_ARN}): a JSON object with
     * {@code apiKey}, and for the webhook function {@code webhookSecret} and {@code webhookSecretPrevious}. Read once
     * at start-up with the function role's credentials.
     */
    Optional<String> secretArn();

    /** Secrets Manager endpoint; only tests point it elsewhere (a loopback stand-in). Default: the ARN's region. */
    Optional<String> secretsEndpoint();

    /** API base URL; only tests point it elsewhere (a loopback stand-in for api.stripe.com). */
    Optional<String> apiBase();

    @WithDefault("PT2S")
    Duration connectTimeout();

    @WithDefault("PT4S")
    Duration readTimeout();

    /** Automatic retries of network failures and 409/429/5xx answers; stripe-java reuses the idempotency key. */
    @WithDefault("1")
    int maxNetworkRetries();

    /** Webhook signing secret ({@code whsec_…}) of the endpoint; {@code STRIPE_WEBHOOK_SECRET}. */
    Optional<String> webhookSecret();

    /** The previous signing secret, accepted too while a rotation is under way; {@code STRIPE_WEBHOOK_SECRET_PREVIOUS}. */
    Optional<String> webhookSecretPrevious();

    /** Oldest signature timestamp accepted (Stripe's recommendation: 5 minutes). */
    @WithDefault("PT5M")
    Duration webhookTolerance();

    /** Largest webhook body accepted, in bytes; larger answers 413. */
    @WithDefault("262144")
    int webhookMaxBytes();

    /**
     * Publishable key ({@code pk_test_…}/{@code pk_live_…}) the storefront page loads Stripe.js with; dev mode hands it
     * to the page in {@code /config.js}. Not a secret. {@code STRIPE_PUBLISHABLE_KEY}.
     */
    Optional<String> publishableKey();

    /** The key if one is really configured (blank means absent). */
    default Optional<String> key() {
        return secretKey().map(String::trim).filter(k -> !k.isEmpty());
    }
}

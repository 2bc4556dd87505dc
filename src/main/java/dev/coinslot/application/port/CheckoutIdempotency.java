package dev.coinslot.application.port;

import dev.coinslot.domain.Purchase;
import java.time.Instant;
import java.util.Objects;

/**
 * What a checkout stored under a user's idempotency key: the fingerprint of the request it answered and the purchase
 * it made, kept until {@code expiresAt} (then the key may be reused).
 */
public record CheckoutIdempotency(String ownerId, String key, String requestHash, Purchase purchase, Instant expiresAt) {
    public CheckoutIdempotency {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

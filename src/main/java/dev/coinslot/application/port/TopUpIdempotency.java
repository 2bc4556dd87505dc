package dev.coinslot.application.port;

import java.time.Instant;
import java.util.Objects;

/** What a top-up request stored under a user's idempotency key: the request fingerprint and the top-up it started. */
public record TopUpIdempotency(String ownerId, String key, String requestHash, String topUpId, String paymentIntentId,
        Instant expiresAt) {
    public TopUpIdempotency {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(topUpId, "topUpId");
        Objects.requireNonNull(paymentIntentId, "paymentIntentId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

package dev.coinslot.application.port;

import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.Purchase;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a checkout stored under a user's idempotency key: the fingerprint of the request it answered, the purchase it
 * made and the auto top-up that paid for it (if any), kept until {@code expiresAt} (then the key may be reused).
 */
public record CheckoutIdempotency(String ownerId, String key, String requestHash, Purchase purchase,
        Optional<AutoCharge> autoTopUp, Instant expiresAt) {
    public CheckoutIdempotency {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(autoTopUp, "autoTopUp");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

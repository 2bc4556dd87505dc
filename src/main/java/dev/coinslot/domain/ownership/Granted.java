package dev.coinslot.domain.ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one purchase granted of one catalog item: for a consumable the {@code quantity} added; for a permanent unlock
 * quantity 1; for a pass the {@code passTime} added (units × the pass's duration) and the pass's new end
 * {@code activeUntil}. Kept with the purchase, so a refund knows what to take back.
 */
public record Granted(String sku, EntitlementType type, long quantity, Optional<Duration> passTime,
        Optional<Instant> activeUntil) {

    public Granted {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(passTime, "passTime");
        Objects.requireNonNull(activeUntil, "activeUntil");
        if (quantity < 1) {
            throw new IllegalArgumentException("a grant gives at least one unit");
        }
    }
}

package dev.coinslot.domain.metrics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One SKU's counters on one UTC day; {@code purchasers} counts distinct users who bought it that day, {@code refunds}
 * and {@code refundedCredits} the purchases of it refunded that day.
 */
public record SkuDay(LocalDate day, String sku, long purchases, long quantity, long creditsSpent, long purchasers,
        long refunds, long refundedCredits) {
    public SkuDay {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(sku, "sku");
    }

    /** A day with no refunds of the SKU. */
    public SkuDay(LocalDate day, String sku, long purchases, long quantity, long creditsSpent, long purchasers) {
        this(day, sku, purchases, quantity, creditsSpent, purchasers, 0, 0);
    }
}

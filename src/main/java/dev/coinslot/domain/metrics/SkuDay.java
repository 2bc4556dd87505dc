package dev.coinslot.domain.metrics;

import java.time.LocalDate;
import java.util.Objects;

/** One SKU's counters on one UTC day; {@code purchasers} counts distinct users who bought it that day. */
public record SkuDay(LocalDate day, String sku, long purchases, long quantity, long creditsSpent, long purchasers) {
    public SkuDay {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(sku, "sku");
    }
}

package dev.coinslot.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Spending limits on a wallet, in credits; an empty limit is no limit. {@code guardianManaged} means a guardian set
 * them: the wallet owner can then no longer change them.
 */
public record SpendLimits(Optional<Credits> perPurchase, Optional<Credits> daily, Optional<Credits> monthly,
        boolean guardianManaged) {

    public static final SpendLimits NONE = new SpendLimits(Optional.empty(), Optional.empty(), Optional.empty(), false);

    public SpendLimits {
        Objects.requireNonNull(perPurchase, "perPurchase");
        Objects.requireNonNull(daily, "daily");
        Objects.requireNonNull(monthly, "monthly");
        for (Optional<Credits> limit : new Optional[] {perPurchase, daily, monthly}) {
            if (limit.isPresent() && limit.get().isNegative()) {
                throw new IllegalArgumentException("a spending limit must not be negative");
            }
        }
    }

    public Optional<Credits> limit(SpendLimit which) {
        return switch (which) {
            case PER_PURCHASE -> perPurchase;
            case DAILY -> daily;
            case MONTHLY -> monthly;
        };
    }
}

package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.SkuKind;
import java.time.Instant;
import java.util.Objects;

/**
 * A purchase as the loyalty program sees it: what was bought, when, and {@code cashbackBasis}, the credits cashback is
 * computed on (zero or more; the checkout passes the paid credits the purchase consumed, so promotional credits earn no
 * further cashback). Any quantity counts as one purchase for streaks and stamps.
 */
public record LoyaltyPurchase(Credits cashbackBasis, String skuId, SkuKind kind, Instant at) {

    public LoyaltyPurchase {
        Objects.requireNonNull(cashbackBasis, "cashbackBasis");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if (cashbackBasis.isNegative()) {
            throw new IllegalArgumentException("cashback basis must not be negative");
        }
    }
}

package dev.coinslot.domain.store;

import java.util.Objects;

/** One possible result of a chance SKU: the SKU {@code skuId} is granted with probability weight / (sum of weights). */
public record ChanceOutcome(String skuId, int weight) {
    public ChanceOutcome {
        Objects.requireNonNull(skuId, "skuId");
    }
}

package dev.coinslot.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A completed purchase: {@code quantity} units of {@code skuId} for {@code total} credits
 * ({@code unitPrice × quantity}), leaving the wallet at {@code balanceAfter}.
 */
public record Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
        Credits balanceAfter, Instant at) {

    public Purchase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(at, "at");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (!total.equals(unitPrice.times(quantity))) {
            throw new IllegalArgumentException("total must equal unit price × quantity");
        }
    }
}

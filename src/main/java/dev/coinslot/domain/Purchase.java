package dev.coinslot.domain;

import dev.coinslot.domain.ownership.Granted;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A completed purchase: {@code quantity} units of {@code skuId} for {@code total} credits
 * ({@code unitPrice × quantity}), leaving the wallet at {@code balanceAfter}. {@code grants} is what it granted the
 * buyer (one line per catalog item; empty for purchases made before items granted anything).
 */
public record Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
        Credits balanceAfter, Instant at, List<Granted> grants) {

    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, List.of());
    }

    public Purchase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(at, "at");
        grants = List.copyOf(grants == null ? List.of() : grants);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (!total.equals(unitPrice.times(quantity))) {
            throw new IllegalArgumentException("total must equal unit price × quantity");
        }
    }
}

package dev.coinslot.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A completed purchase: {@code quantity} units of {@code skuId} for {@code total} credits
 * ({@code unitPrice × quantity}), leaving the wallet at {@code balanceAfter}. {@code lots} says exactly which lots paid
 * for it; {@code recognized} is the money value of the paid credits it consumed (recognised revenue), one amount per
 * currency, none when only promotional credits (or paid credits of unknown cost) paid for it.
 */
public record Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
        Credits balanceAfter, Instant at, List<LotTake> lots, List<Money> recognized) {

    public Purchase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(at, "at");
        lots = List.copyOf(lots);
        recognized = List.copyOf(recognized);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (!total.equals(unitPrice.times(quantity))) {
            throw new IllegalArgumentException("total must equal unit price × quantity");
        }
        if (!lots.isEmpty() && lots.stream().mapToLong(LotTake::credits).sum() != total.amount()) {
            throw new IllegalArgumentException("the lots taken must add up to the total");
        }
    }

    /** A purchase recorded before lots existed (no lots, nothing recognised). */
    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, List.of(), List.of());
    }
}

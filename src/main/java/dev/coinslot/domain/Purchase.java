package dev.coinslot.domain;

import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.ownership.Granted;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A completed purchase: {@code quantity} units of {@code skuId} for {@code total} credits
 * ({@code unitPrice × quantity}), leaving the wallet at {@code balanceAfter}. {@code lots} says exactly which lots paid
 * for it; {@code recognized} is the money value of the paid credits it consumed (recognised revenue), one amount per
 * currency, none when only promotional credits (or paid credits of unknown cost) paid for it. {@code offerId} is the
 * offer whose price was charged, if any; {@code drawnSkus} are the outcomes drawn for a chance SKU, one per unit (empty
 * for other kinds). {@code grants} is what it granted the buyer (one line per catalog item; empty for purchases made
 * before items granted anything). {@code earned} are the loyalty rewards it earned, credited in the same write (so
 * {@code balanceAfter} includes them), and {@code stamped} the ids of the stamp cards it was stamped on: kept so a
 * replay answers the same and a refund can take them back.
 */
public record Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
        Credits balanceAfter, Instant at, List<LotTake> lots, List<Money> recognized, Optional<String> offerId,
        List<String> drawnSkus, List<Granted> grants, List<EarnedReward> earned, List<String> stamped) {

    public Purchase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(at, "at");
        lots = List.copyOf(lots);
        recognized = List.copyOf(recognized);
        Objects.requireNonNull(offerId, "offerId");
        drawnSkus = List.copyOf(drawnSkus == null ? List.of() : drawnSkus);
        grants = List.copyOf(grants == null ? List.of() : grants);
        earned = List.copyOf(earned == null ? List.of() : earned);
        stamped = List.copyOf(stamped == null ? List.of() : stamped);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (!total.equals(unitPrice.times(quantity))) {
            throw new IllegalArgumentException("total must equal unit price × quantity");
        }
        if (!lots.isEmpty() && lots.stream().mapToLong(LotTake::credits).sum() != total.amount()) {
            throw new IllegalArgumentException("the lots taken must add up to the total");
        }
        if (!drawnSkus.isEmpty() && drawnSkus.size() != quantity) {
            throw new IllegalArgumentException("a chance purchase draws one outcome per unit");
        }
    }

    /** A purchase that records no grants and earned no loyalty reward (or in tests of other rules). */
    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at, List<LotTake> lots, List<Money> recognized, Optional<String> offerId,
            List<String> drawnSkus) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, lots, recognized, offerId, drawnSkus,
                List.of(), List.of(), List.of());
    }

    /** A purchase that earned no loyalty reward. */
    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at, List<LotTake> lots, List<Money> recognized, Optional<String> offerId,
            List<String> drawnSkus, List<Granted> grants) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, lots, recognized, offerId, drawnSkus,
                grants, List.of(), List.of());
    }

    /** The credits its loyalty rewards added. */
    public Credits earnedCredits() {
        return earned.stream().map(EarnedReward::credits).reduce(Credits.ZERO, Credits::plus);
    }

    /** A purchase at the list price of a SKU that is not a chance. */
    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at, List<LotTake> lots, List<Money> recognized) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, lots, recognized, Optional.empty(), List.of());
    }

    /** A purchase recorded before lots existed (no lots, nothing recognised). */
    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at, Optional<String> offerId, List<String> drawnSkus) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, List.of(), List.of(), offerId, drawnSkus);
    }

    /** A purchase recorded before lots existed, at the list price of a SKU that is not a chance. */
    public Purchase(String id, String ownerId, String skuId, int quantity, Credits unitPrice, Credits total,
            Credits balanceAfter, Instant at) {
        this(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, List.of(), List.of());
    }

    /** The same purchase, recording what it granted. */
    public Purchase withGrants(List<Granted> granted) {
        return new Purchase(id, ownerId, skuId, quantity, unitPrice, total, balanceAfter, at, lots, recognized, offerId,
                drawnSkus, granted, earned, stamped);
    }
}

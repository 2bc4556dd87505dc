package dev.coinslot.domain.loyalty;

import java.util.List;

/** A refunded purchase as the loyalty program recorded it: what it {@code earned} and the cards it was {@code stamped} on. */
public record RefundedPurchase(List<EarnedReward> earned, List<String> stamped) {

    public RefundedPurchase {
        earned = List.copyOf(earned);
        stamped = List.copyOf(stamped);
    }

    public static RefundedPurchase of(PurchaseRewards rewards) {
        return new RefundedPurchase(rewards.earned(), rewards.stamped());
    }
}

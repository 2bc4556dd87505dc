package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.util.List;
import java.util.Objects;

/**
 * What one purchase earned: the wallet's new loyalty {@code state}, the rewards it {@code earned} (at most one per rule,
 * in the order cashback, streak, stamps) and the ids of the stamp cards it was {@code stamped} on. The purchase keeps
 * {@code earned} and {@code stamped}, so a replay answers the same and a refund can take them back.
 */
public record PurchaseRewards(LoyaltyState state, List<EarnedReward> earned, List<String> stamped) {

    public PurchaseRewards {
        Objects.requireNonNull(state, "state");
        earned = List.copyOf(earned);
        stamped = List.copyOf(stamped);
    }

    public Credits total() {
        return earned.stream().map(EarnedReward::credits).reduce(Credits.ZERO, Credits::plus);
    }
}

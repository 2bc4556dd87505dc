package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.util.List;
import java.util.Objects;

/**
 * What a refund takes back: the wallet's new loyalty {@code state} and one {@link Taken} per reward withdrawn (cashback,
 * stamp card rewards). The caller debits them as corrections in the refund's own write; if the credits were spent
 * already the wallet goes negative, like any clawback.
 */
public record RefundTakeback(LoyaltyState state, List<Taken> taken) {

    /** {@code credits} (positive) of {@code type} withdrawn, given earlier by {@code rule}. */
    public record Taken(RewardType type, String rule, Credits credits) {
        public Taken {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rule, "rule");
            if (!credits.isPositive()) {
                throw new IllegalArgumentException("a takeback is a positive number of credits");
            }
        }
    }

    public RefundTakeback {
        Objects.requireNonNull(state, "state");
        taken = List.copyOf(taken);
    }

    public Credits total() {
        return taken.stream().map(Taken::credits).reduce(Credits.ZERO, Credits::plus);
    }
}

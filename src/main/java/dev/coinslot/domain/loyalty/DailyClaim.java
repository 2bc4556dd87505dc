package dev.coinslot.domain.loyalty;

import java.time.Instant;
import java.util.Objects;

/** The answer to a daily-reward claim. {@code nextClaimAt}: 00:00 UTC of the next day. */
public sealed interface DailyClaim {

    /** The reward was granted; the wallet's loyalty state becomes {@code state}. */
    record Claimed(LoyaltyState state, EarnedReward reward, Instant nextClaimAt) implements DailyClaim {
        public Claimed {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reward, "reward");
            Objects.requireNonNull(nextClaimAt, "nextClaimAt");
        }
    }

    /** Today's reward was already claimed. */
    record AlreadyClaimed(Instant nextClaimAt) implements DailyClaim {
        public AlreadyClaimed {
            Objects.requireNonNull(nextClaimAt, "nextClaimAt");
        }
    }

    /** The rules offer no daily reward. */
    record NotOffered() implements DailyClaim {
    }
}

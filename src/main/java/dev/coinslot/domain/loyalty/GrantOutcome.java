package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.time.Instant;
import java.util.Objects;

/** The answer to an operator's grant of earned credits, checked against the per-user daily cap. */
public sealed interface GrantOutcome {

    /** Granted; the wallet's loyalty state becomes {@code state}. */
    record Granted(LoyaltyState state, EarnedReward reward) implements GrantOutcome {
        public Granted {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reward, "reward");
        }
    }

    /**
     * Granting would take today's grants above {@code cap}: {@code grantedToday} were granted already. The cap resets
     * at {@code retryAt} (00:00 UTC of the next day).
     */
    record CapReached(Credits cap, Credits grantedToday, Instant retryAt) implements GrantOutcome {
        public CapReached {
            Objects.requireNonNull(cap, "cap");
            Objects.requireNonNull(grantedToday, "grantedToday");
            Objects.requireNonNull(retryAt, "retryAt");
        }
    }

    /** The grant alone is larger than the daily {@code cap} (0 when grants are switched off): it can never pass. */
    record AboveCap(Credits cap) implements GrantOutcome {
        public AboveCap {
            Objects.requireNonNull(cap, "cap");
        }
    }
}

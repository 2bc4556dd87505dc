package dev.coinslot.application.port;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The loyalty program's writes outside a checkout: the daily reward and operator grants. Each reward becomes
 * promotional credits with its expiry, a ledger entry of its own type, and a record under its {@code reference} (one
 * per user and reference, ever), in one atomic write together with the wallet's new {@link LoyaltyState}. Conflicts
 * come back as values, infrastructure failures as {@link StoreUnavailableException}.
 */
public interface LoyaltyStore {

    /** A wallet's loyalty state and the wallet version a write must still find (a wallet not yet written: NONE, 0). */
    record LoyaltySnapshot(LoyaltyState state, long version) {
        public LoyaltySnapshot {
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * A reward written under {@code reference}: what was given, the {@code fingerprint} of the request that gave it
     * (to tell a retry from a reuse of the reference), the wallet's balance right after it, and when.
     */
    record RecordedReward(String reference, EarnedReward reward, String fingerprint, Credits balanceAfter, Instant at) {
        public RecordedReward {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(reward, "reward");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(balanceAfter, "balanceAfter");
            Objects.requireNonNull(at, "at");
        }
    }

    /** How {@link #commitReward} ended. */
    sealed interface RewardWrite {
        /** Written. */
        record Committed(RecordedReward recorded) implements RewardWrite {
        }

        /** A reward is already recorded under the reference; nothing was written. */
        record AlreadyRecorded(RecordedReward existing) implements RewardWrite {
        }

        /** The wallet changed since it was read (or the write met another one): nothing was written; read again. */
        record WalletChanged() implements RewardWrite {
        }
    }

    LoyaltySnapshot read(String ownerId);

    /** The reward recorded under {@code reference} for this user, if any. */
    Optional<RecordedReward> findReward(String ownerId, String reference);

    /**
     * In one atomic write, only if the wallet is still at {@code version} and nothing is recorded under
     * {@code reference}: the wallet's loyalty state becomes {@code next}, {@code reward} is added as promotional credits
     * with a ledger entry of its type, and recorded under {@code reference} with {@code fingerprint}. Creates the
     * wallet if it does not exist ({@code version} 0).
     */
    RewardWrite commitReward(String ownerId, long version, LoyaltyState next, EarnedReward reward, String reference,
            String fingerprint, Instant at);
}

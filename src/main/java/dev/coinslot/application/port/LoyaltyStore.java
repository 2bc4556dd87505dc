package dev.coinslot.application.port;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
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

    /** A wallet and its loyalty state, read together (a wallet not yet written: empty, NONE). */
    record LoyaltySnapshot(Wallet wallet, LoyaltyState state) {
        public LoyaltySnapshot {
            Objects.requireNonNull(wallet, "wallet");
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
     * In one atomic write, only if the wallet is still at {@code change.before()}'s version and nothing is recorded under
     * {@code record.reference()}: the wallet moves to {@code change.after()} (the reward's promotional lot, an expiry
     * first if due) with its loyalty state set to {@code next}, the change's ledger entries are appended, and
     * {@code record} is stored. Creates the wallet if it does not exist (version 0).
     */
    RewardWrite commitReward(WalletChange change, LoyaltyState next, RecordedReward record);
}

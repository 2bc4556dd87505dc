package dev.coinslot.support.fakes;

import dev.coinslot.application.port.LoyaltyStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LoyaltyStore} in memory, with the conditions the DynamoDB adapter will have (wallet version, one record per user
 * and reference), atomic under one lock. Keeps each wallet's balance and reward ledger so tests can check that the
 * balance equals the sum of the ledger and each reference was rewarded once.
 */
public final class InMemoryLoyaltyStore implements LoyaltyStore {

    /** One wallet: balance, version, loyalty state, and its reward ledger entries in order. */
    public static final class Wallet {
        public long balance;
        public long version;
        public LoyaltyState state = LoyaltyState.NONE;
        public final List<RecordedReward> ledger = new ArrayList<>();
    }

    private final Map<String, Wallet> wallets = new HashMap<>();
    private final Map<String, RecordedReward> records = new HashMap<>();
    private int commits;

    @Override
    public synchronized LoyaltySnapshot read(String ownerId) {
        Wallet w = wallets.get(ownerId);
        return w == null ? new LoyaltySnapshot(LoyaltyState.NONE, 0) : new LoyaltySnapshot(w.state, w.version);
    }

    @Override
    public synchronized Optional<RecordedReward> findReward(String ownerId, String reference) {
        return Optional.ofNullable(records.get(ownerId + "|" + reference));
    }

    @Override
    public synchronized RewardWrite commitReward(String ownerId, long version, LoyaltyState next, EarnedReward reward,
            String reference, String fingerprint, Instant at) {
        RecordedReward existing = records.get(ownerId + "|" + reference);
        if (existing != null) {
            return new RewardWrite.AlreadyRecorded(existing);
        }
        Wallet w = wallets.computeIfAbsent(ownerId, id -> new Wallet());
        if (w.version != version) {
            return new RewardWrite.WalletChanged();
        }
        w.version++;
        w.state = next;
        w.balance = Math.addExact(w.balance, reward.credits().amount());
        RecordedReward recorded = new RecordedReward(reference, reward, fingerprint, Credits.of(w.balance), at);
        w.ledger.add(recorded);
        records.put(ownerId + "|" + reference, recorded);
        commits++;
        return new RewardWrite.Committed(recorded);
    }

    /** A wallet as it stands (a copy of nothing: tests read it after the writers stopped). */
    public synchronized Wallet wallet(String ownerId) {
        return wallets.getOrDefault(ownerId, new Wallet());
    }

    public synchronized int commits() {
        return commits;
    }

    /** Another writer changed the wallet (e.g. a checkout): its version moves on. */
    public synchronized void touch(String ownerId) {
        wallets.computeIfAbsent(ownerId, id -> new Wallet()).version++;
    }
}

package dev.coinslot.support.fakes;

import dev.coinslot.application.port.LoyaltyStore;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.LoyaltyState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LoyaltyStore} in memory, with the conditions of {@code DynamoDbLoyaltyStore} (wallet version, one record per
 * user and reference), atomic under one lock. Keeps each wallet's ledger so tests can check balance = Σ ledger = Σ lots
 * and that each reference was rewarded once.
 */
public final class InMemoryLoyaltyStore implements LoyaltyStore {

    private final Map<String, Wallet> wallets = new HashMap<>();
    private final Map<String, LoyaltyState> states = new HashMap<>();
    private final Map<String, List<LedgerEntry>> ledgers = new HashMap<>();
    private final Map<String, RecordedReward> records = new HashMap<>();
    private int commits;

    @Override
    public synchronized LoyaltySnapshot read(String ownerId) {
        return new LoyaltySnapshot(wallet(ownerId), states.getOrDefault(ownerId, LoyaltyState.NONE));
    }

    @Override
    public synchronized Optional<RecordedReward> findReward(String ownerId, String reference) {
        return Optional.ofNullable(records.get(ownerId + "|" + reference));
    }

    @Override
    public synchronized RewardWrite commitReward(WalletChange change, LoyaltyState next, RecordedReward record) {
        String ownerId = change.before().ownerId();
        RecordedReward existing = records.get(ownerId + "|" + record.reference());
        if (existing != null) {
            return new RewardWrite.AlreadyRecorded(existing);
        }
        if (wallet(ownerId).version() != change.before().version()) {
            return new RewardWrite.WalletChanged();
        }
        wallets.put(ownerId, change.after());
        states.put(ownerId, next);
        ledgers.computeIfAbsent(ownerId, id -> new ArrayList<>()).addAll(change.entries());
        records.put(ownerId + "|" + record.reference(), record);
        commits++;
        return new RewardWrite.Committed(record);
    }

    public synchronized Wallet wallet(String ownerId) {
        return wallets.getOrDefault(ownerId, Wallet.empty(ownerId));
    }

    public synchronized List<LedgerEntry> ledger(String ownerId) {
        return List.copyOf(ledgers.getOrDefault(ownerId, List.of()));
    }

    public synchronized int commits() {
        return commits;
    }

    /** Another writer changed the wallet (e.g. a status change): its version moves on. */
    public synchronized void touch(String ownerId) {
        wallets.put(ownerId, wallet(ownerId).withStatus(wallet(ownerId).status()));
    }
}

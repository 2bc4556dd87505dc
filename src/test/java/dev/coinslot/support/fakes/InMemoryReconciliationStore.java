package dev.coinslot.support.fakes;

import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.application.port.StoreUnavailableException;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
import dev.coinslot.support.fakes.InMemoryTable.TopUpItem;
import dev.coinslot.support.fakes.InMemoryTable.WalletItem;
import java.time.YearMonth;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ReconciliationStore} on the {@link InMemoryTable}, with the conditions of {@code DynamoDbReconciliationStore}:
 * the top-up guard ("already applied", including a decline that gave the amount back to the auto top-up cap since the
 * caller read the top-up) is checked before the wallet guard ("wallet changed": its version, and with {@code countInCap}
 * its auto top-up month and spend), as the adapter reads them.
 */
public final class InMemoryReconciliationStore implements ReconciliationStore {

    private final InMemoryTable table;

    public InMemoryReconciliationStore(InMemoryTable table) {
        this.table = table;
    }

    @Override
    public boolean eventProcessed(String eventId) {
        return table.call("eventProcessed", null, () -> table.events.containsKey(eventId));
    }

    @Override
    public void markEventProcessed(String eventId, String type) {
        table.call("markEventProcessed", null, () -> table.events.put(eventId, type));
    }

    @Override
    public Optional<WalletState> findWalletState(String ownerId) {
        return table.call("findWalletState", null, () -> Optional.ofNullable(table.wallets.get(ownerId))
                .map(w -> new WalletState(w.wallet(), Set.copyOf(w.openDisputes))));
    }

    @Override
    public Optional<TopUp> findTopUp(String ownerId, String topUpId) {
        return table.call("findTopUp", null,
                () -> Optional.ofNullable(table.topUps.get(InMemoryTable.key(ownerId, topUpId))).map(t -> t.topUp));
    }

    @Override
    public Optional<PaymentRef> findPayment(String paymentIntentId) {
        return table.call("findPayment", null,
                () -> paymentIntentId == null ? Optional.empty() : Optional.ofNullable(table.payments.get(paymentIntentId)));
    }

    @Override
    public Write creditTopUp(WalletChange change, TopUp topUp, Optional<String> paymentMethod,
            Optional<YearMonth> countInCap, String eventId, String eventType) {
        Wallet expected = change.before();
        return table.call("creditTopUp", Write.Contention::new, () -> {
            TopUpItem item = table.topUps.get(InMemoryTable.key(topUp.ownerId(), topUp.id()));
            // a decline counted since the caller read the top-up gave its amount back to the cap
            if (!creditable(topUp) || !topUp.capReleased() && item != null && item.topUp.capReleased()) {
                return new Write.AlreadyApplied();
            }
            Optional<AutoTopUp> auto = expected.autoTopUp();
            boolean count = countInCap.isPresent() && auto.isPresent();
            if (!WalletItem.atVersion(table.wallets.get(expected.ownerId()), expected.version())) {
                return new Write.WalletChanged();
            }
            WalletItem wallet = table.apply(change);
            wallet.autoFailures = 0;
            paymentMethod.ifPresent(pm -> wallet.paymentMethod = pm);
            if (count) {
                wallet.autoMonth = countInCap.get();
                wallet.autoCharged = auto.get().chargedIn(countInCap.get()) + topUp.amount().amountMinor();
            }
            InMemoryTopUpStore.upsert(table, topUp, TopUpStatus.SUCCEEDED);
            table.payments.put(topUp.paymentIntentId(), new PaymentRef(topUp.ownerId(), topUp.id()));
            table.events.put(eventId, eventType);
            return new Write.Committed();
        });
    }

    /** {@code attribute_not_exists(#status) OR #status IN (:pending, :failed)}. */
    private boolean creditable(TopUp topUp) {
        TopUpItem item = table.topUps.get(InMemoryTable.key(topUp.ownerId(), topUp.id()));
        return item == null || item.topUp.status() == TopUpStatus.PENDING || item.topUp.status() == TopUpStatus.FAILED;
    }

    @Override
    public boolean markTopUpFailed(TopUp topUp, String eventId, String eventType) {
        return table.call("markTopUpFailed", () -> {
            throw new StoreUnavailableException("top-up update conflicted; retry", null);
        }, () -> {
            if (!creditable(topUp)) {
                return false;
            }
            InMemoryTopUpStore.upsert(table, topUp, TopUpStatus.FAILED);
            table.payments.put(topUp.paymentIntentId(), new PaymentRef(topUp.ownerId(), topUp.id()));
            table.events.put(eventId, eventType);
            return true;
        });
    }

    @Override
    public Write clawBack(WalletState expected, WalletChange change, TopUp topUp, long newClawedBack, TopUpStatus newStatus,
            Optional<String> closeDisputeId, String eventId, String eventType) {
        return table.call("clawBack", Write.Contention::new, () -> {
            TopUpItem item = table.topUps.get(InMemoryTable.key(topUp.ownerId(), topUp.id()));
            if (item == null || !item.topUp.clawedBack().equals(topUp.clawedBack())) {
                return new Write.AlreadyApplied();
            }
            WalletItem wallet = table.wallets.get(expected.wallet().ownerId());
            if (!WalletItem.atVersion(wallet, expected.wallet().version())
                    || closeDisputeId.isPresent() && !closing(wallet, expected, closeDisputeId.get())) {
                return new Write.WalletChanged();
            }
            WalletItem written = table.apply(change);
            closeDisputeId.ifPresent(d -> close(written, expected, d));
            item.topUp = InMemoryTopUpStore.with(item.topUp, newStatus, Credits.of(newClawedBack),
                    closeDisputeId.or(item.topUp::closedDisputeId));
            table.events.put(eventId, eventType);
            return new Write.Committed();
        });
    }

    @Override
    public Write openDispute(String ownerId, String topUpId, String disputeId, String eventId, String eventType) {
        return table.call("openDispute", Write.Contention::new, () -> {
            WalletItem existing = table.wallets.get(ownerId);
            if (existing != null && existing.openDisputes.contains(disputeId)) {
                return new Write.AlreadyApplied();
            }
            TopUpItem item = table.topUps.get(InMemoryTable.key(ownerId, topUpId));
            if (item == null) {
                throw new IllegalStateException("reconciliation transaction cancelled: no top-up " + topUpId);
            }
            WalletItem wallet = table.write(ownerId);
            wallet.status = WalletStatus.FROZEN;
            wallet.openDisputes.add(disputeId);
            item.topUp = InMemoryTopUpStore.withStatus(item.topUp, TopUpStatus.DISPUTED);
            table.events.put(eventId, eventType);
            return new Write.Committed();
        });
    }

    @Override
    public Write closeDispute(WalletState expected, TopUp topUp, String disputeId, TopUpStatus newStatus, String eventId,
            String eventType) {
        return table.call("closeDispute", Write.Contention::new, () -> {
            WalletItem wallet = table.wallets.get(expected.wallet().ownerId());
            if (!WalletItem.atVersion(wallet, expected.wallet().version()) || !closing(wallet, expected, disputeId)) {
                return new Write.WalletChanged();
            }
            TopUpItem item = table.topUps.get(InMemoryTable.key(topUp.ownerId(), topUp.id()));
            if (item == null) {
                throw new IllegalStateException("reconciliation transaction cancelled: no top-up " + topUp.id());
            }
            close(table.write(wallet.ownerId), expected, disputeId);
            item.topUp = InMemoryTopUpStore.with(item.topUp, newStatus, item.topUp.clawedBack(), Optional.of(disputeId));
            table.events.put(eventId, eventType);
            return new Write.Committed();
        });
    }

    /** {@code contains(openDisputes, :id)} (the version pins the rest of the set the caller read). */
    private static boolean closing(WalletItem wallet, WalletState expected, String disputeId) {
        return wallet != null && wallet.openDisputes.contains(disputeId);
    }

    /** Removes the dispute; the wallet is ACTIVE again when it was the last one the caller read. */
    private static void close(WalletItem wallet, WalletState expected, String disputeId) {
        wallet.openDisputes.remove(disputeId);
        wallet.status = expected.openDisputes().size() <= 1 ? WalletStatus.ACTIVE : WalletStatus.FROZEN;
    }
}

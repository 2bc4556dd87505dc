package dev.coinslot.support.fakes;

import dev.coinslot.application.port.ReconciliationStore.PaymentRef;
import dev.coinslot.application.port.StoreUnavailableException;
import dev.coinslot.application.port.TopUpIdempotency;
import dev.coinslot.application.port.TopUpStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.support.fakes.InMemoryTable.TopUpItem;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** {@link TopUpStore} on the {@link InMemoryTable}, with the conditions of {@code DynamoDbTopUpStore}. */
public final class InMemoryTopUpStore implements TopUpStore {

    private final InMemoryTable table;

    public InMemoryTopUpStore(InMemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<String> findPaymentCustomer(String ownerId) {
        return table.call("findPaymentCustomer", null,
                () -> Optional.ofNullable(table.wallets.get(ownerId)).map(w -> w.customerId));
    }

    @Override
    public String linkPaymentCustomer(String ownerId, String customerId) {
        return table.call("linkPaymentCustomer", null, () -> {
            InMemoryTable.WalletItem wallet = table.wallets.get(ownerId);
            if (wallet != null && wallet.customerId != null) {
                return wallet.customerId;
            }
            return table.write(ownerId).customerId = customerId;
        });
    }

    /** {@code attribute_not_exists(topups) OR contains(topups, :id) OR size(topups) < :max}, then {@code ADD topups :ids}. */
    @Override
    public boolean takeHourlyTopUpSlot(String ownerId, String topUpId, Instant hour, int maxPerHour) {
        return table.call("takeHourlyTopUpSlot", null, () -> {
            Set<String> taken = table.topUpRates.computeIfAbsent(InMemoryTable.key(ownerId, hour.toString()),
                    k -> new HashSet<>());
            if (!(taken.isEmpty() || taken.contains(topUpId) || taken.size() < maxPerHour)) {
                return false;
            }
            taken.add(topUpId);
            return true;
        });
    }

    @Override
    public Optional<TopUpIdempotency> findTopUpIdempotency(String ownerId, String key) {
        return table.call("findTopUpIdempotency", null, () -> Optional.ofNullable(
                table.topUpKeys.get(InMemoryTable.key(ownerId, key))).filter(r -> !table.expired(r.expiresAt())));
    }

    @Override
    public Optional<TopUp> findTopUp(String ownerId, String topUpId) {
        return table.call("findTopUp", null,
                () -> Optional.ofNullable(table.topUps.get(InMemoryTable.key(ownerId, topUpId))).map(t -> t.topUp));
    }

    @Override
    public TopUpWrite recordTopUp(TopUp topUp, TopUpIdempotency record) {
        return table.call("recordTopUp", () -> {
            throw new StoreUnavailableException("top-up write conflicted; retry", null);
        }, () -> {
            TopUpIdempotency existing = table.topUpKeys.get(InMemoryTable.key(record.ownerId(), record.key()));
            if (existing != null && !table.expired(existing.expiresAt())) {
                return new TopUpWrite.KeyExists(existing);
            }
            table.topUpKeys.put(InMemoryTable.key(record.ownerId(), record.key()), record);
            upsert(table, topUp, null);
            table.payments.put(topUp.paymentIntentId(), new PaymentRef(topUp.ownerId(), topUp.id()));
            return new TopUpWrite.Committed();
        });
    }

    /**
     * Creates the top-up, or fills in only its missing fields (there are none once it exists) and the payment id, as
     * {@code TopUpItems.FILL_FIELDS} does; {@code status} replaces the stored one, null keeps it (PENDING when new).
     */
    static TopUpItem upsert(InMemoryTable table, TopUp topUp, TopUpStatus status) {
        TopUpItem item = table.topUps.get(InMemoryTable.key(topUp.ownerId(), topUp.id()));
        if (item == null) {
            item = new TopUpItem(newItem(topUp, status == null ? TopUpStatus.PENDING : status));
            table.topUps.put(InMemoryTable.key(topUp.ownerId(), topUp.id()), item);
            return item;
        }
        TopUp t = item.topUp;
        item.topUp = new TopUp(t.id(), t.ownerId(), t.packId(), t.amount(), t.baseCredits(), t.bonusCredits(),
                status == null ? t.status() : status, topUp.paymentIntentId(), t.createdAt(), t.clawedBack(),
                t.closedDisputeId(), t.capReleased());
        return item;
    }

    static TopUp withStatus(TopUp t, TopUpStatus status) {
        return new TopUp(t.id(), t.ownerId(), t.packId(), t.amount(), t.baseCredits(), t.bonusCredits(), status,
                t.paymentIntentId(), t.createdAt(), t.clawedBack(), t.closedDisputeId(), t.capReleased());
    }

    /** {@code t} as a write that sets status, clawed-back total and closed dispute leaves it; other attributes kept. */
    static TopUp with(TopUp t, TopUpStatus status, Credits clawedBack, Optional<String> closedDisputeId) {
        return new TopUp(t.id(), t.ownerId(), t.packId(), t.amount(), t.baseCredits(), t.bonusCredits(), status,
                t.paymentIntentId(), t.createdAt(), clawedBack, closedDisputeId, t.capReleased());
    }

    /**
     * The fields a new top-up item gets ({@code TopUpItems.newItem}): nothing clawed back, no dispute closed, no
     * amount given back to an auto top-up cap.
     */
    static TopUp newItem(TopUp t, TopUpStatus status) {
        return new TopUp(t.id(), t.ownerId(), t.packId(), t.amount(), t.baseCredits(), t.bonusCredits(), status,
                t.paymentIntentId(), t.createdAt());
    }
}

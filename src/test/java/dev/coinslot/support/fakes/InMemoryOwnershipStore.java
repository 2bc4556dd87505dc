package dev.coinslot.support.fakes;

import dev.coinslot.application.port.OwnershipStore;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import dev.coinslot.domain.ownership.EntitlementType;
import dev.coinslot.domain.ownership.PurchaseRecord;
import dev.coinslot.domain.ownership.PurchaseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OwnershipStore} in memory, on the shared {@link InMemoryTable} (entitlements, purchases, the wallet), with the
 * conditions {@code DynamoDbOwnershipStore} writes: consumption only while enough is left, a refund only on the wallet
 * version, purchase status, entitlement versions and refund-log version it read.
 */
public final class InMemoryOwnershipStore implements OwnershipStore {

    private final InMemoryTable table;
    private final Map<String, ConsumeRecord> consumeKeys = new HashMap<>();
    private final Map<String, RefundRecord> refundKeys = new HashMap<>();
    private final Map<String, RefundLog> refundLogs = new HashMap<>();
    private final Map<String, Instant> refundedAt = new HashMap<>();

    public InMemoryOwnershipStore(InMemoryTable table) {
        this.table = table;
    }

    @Override
    public List<Entitlement> entitlements(String ownerId) {
        return table.call("entitlements", null, () -> table.entitlements.values().stream()
                .filter(e -> e.ownerId().equals(ownerId)).sorted(Comparator.comparing(Entitlement::sku)).toList());
    }

    @Override
    public Optional<Entitlement> entitlement(String ownerId, String sku) {
        return table.call("entitlement", null, () -> Optional.ofNullable(table.entitlements.get(InMemoryTable.key(ownerId, sku))));
    }

    @Override
    public ConsumeWrite consume(ConsumeRecord record) {
        return table.call("consume", ConsumeWrite.Contention::new, () -> {
            ConsumeRecord existing = consumeKeys.get(InMemoryTable.key(record.ownerId(), record.key()));
            if (existing != null && !table.expired(existing.expiresAt())) {
                return new ConsumeWrite.KeyExists(existing);
            }
            String key = InMemoryTable.key(record.ownerId(), record.sku());
            Entitlement e = table.entitlements.get(key);
            if (e == null || e.type() != EntitlementType.CONSUMABLE || e.quantity() < record.quantity()) {
                return new ConsumeWrite.Refused(Optional.ofNullable(e));
            }
            table.entitlements.put(key, new Entitlement(e.ownerId(), e.sku(), e.type(), e.quantity() - record.quantity(),
                    e.activeUntil(), e.acquiredAt(), e.purchaseId(), e.version() + 1));
            consumeKeys.put(InMemoryTable.key(record.ownerId(), record.key()), record);
            return new ConsumeWrite.Committed();
        });
    }

    @Override
    public Optional<ConsumeRecord> findConsumeRecord(String ownerId, String key) {
        return table.call("findConsumeRecord", null, () -> Optional.ofNullable(consumeKeys.get(InMemoryTable.key(ownerId, key)))
                .filter(r -> !table.expired(r.expiresAt())));
    }

    @Override
    public PurchasePage purchases(String ownerId, int limit, Optional<String> afterPurchaseId) {
        return table.call("purchases", null, () -> {
            List<PurchaseRecord> all = table.purchases.values().stream().filter(p -> p.ownerId().equals(ownerId))
                    .sorted(Comparator.comparing(Purchase::id).reversed())
                    .filter(p -> afterPurchaseId.isEmpty() || p.id().compareTo(afterPurchaseId.get()) < 0)
                    .map(this::record).toList();
            List<PurchaseRecord> page = all.subList(0, Math.min(limit, all.size()));
            return new PurchasePage(page, all.size() > limit ? Optional.of(page.get(page.size() - 1).purchase().id())
                    : Optional.empty());
        });
    }

    @Override
    public Optional<PurchaseRecord> purchase(String ownerId, String purchaseId) {
        return table.call("purchase", null, () -> Optional.ofNullable(table.purchases.get(purchaseId))
                .filter(p -> p.ownerId().equals(ownerId)).map(this::record));
    }

    private PurchaseRecord record(Purchase p) {
        Instant at = refundedAt.get(p.id());
        return new PurchaseRecord(p, at == null ? PurchaseStatus.COMPLETED : PurchaseStatus.REFUNDED, Optional.ofNullable(at));
    }

    @Override
    public RefundLog refundLog(String ownerId) {
        return table.call("refundLog", null, () -> refundLogs.getOrDefault(ownerId, new RefundLog(List.of(), 0)));
    }

    @Override
    public RefundWrite commitRefund(dev.coinslot.domain.WalletChange change, List<dev.coinslot.domain.Money> reversed,
            PurchaseRecord refunded, List<EntitlementChange> changes, RefundLog log, RefundRecord record) {
        Wallet expected = change.before();
        return table.call("commitRefund", RefundWrite.Contention::new, () -> {
            String ownerId = expected.ownerId();
            RefundRecord existing = refundKeys.get(InMemoryTable.key(ownerId, record.key()));
            if (existing != null && !table.expired(existing.expiresAt())) {
                return new RefundWrite.KeyExists(existing);
            }
            InMemoryTable.WalletItem wallet = table.wallets.get(ownerId);
            if (!InMemoryTable.WalletItem.atVersion(wallet, expected.version()) || refundedAt.containsKey(refunded.purchase().id())
                    || refundLogs.getOrDefault(ownerId, new RefundLog(List.of(), 0)).version() != log.version() - 1) {
                return new RefundWrite.Changed();
            }
            List<Entitlement> after = new ArrayList<>();
            for (EntitlementChange revoke : changes) {
                Entitlement[] result = table.entitlementAfter(ownerId, revoke, refunded.purchase().id(),
                        refunded.refundedAt().orElseThrow());
                if (result[0] == null) {
                    return new RefundWrite.Changed();
                }
                after.add(result[0]);
            }
            after.forEach(e -> table.entitlements.put(InMemoryTable.key(e.ownerId(), e.sku()), e));
            table.apply(change);
            refundedAt.put(refunded.purchase().id(), refunded.refundedAt().orElseThrow());
            refundLogs.put(ownerId, log);
            refundKeys.put(InMemoryTable.key(ownerId, record.key()), record);
            return new RefundWrite.Committed();
        });
    }

    @Override
    public Optional<RefundRecord> findRefundRecord(String ownerId, String key) {
        return table.call("findRefundRecord", null, () -> Optional.ofNullable(refundKeys.get(InMemoryTable.key(ownerId, key)))
                .filter(r -> !table.expired(r.expiresAt())));
    }
}

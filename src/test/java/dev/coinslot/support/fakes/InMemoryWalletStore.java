package dev.coinslot.support.fakes;

import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
import dev.coinslot.support.fakes.InMemoryTable.WalletItem;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** {@link WalletStore} on the {@link InMemoryTable}, with the conditions of {@code DynamoDbWalletStore}. */
public final class InMemoryWalletStore implements WalletStore {

    private final InMemoryTable table;
    /** Where a committed purchase's experiment conversion is counted (the same transaction in DynamoDB). */
    private final InMemoryExperimentStore experiments;

    public InMemoryWalletStore(InMemoryTable table) {
        this(table, new InMemoryExperimentStore());
    }

    public InMemoryWalletStore(InMemoryTable table, InMemoryExperimentStore experiments) {
        this.table = table;
        this.experiments = experiments;
    }

    @Override
    public Optional<Wallet> findWallet(String ownerId) {
        return table.call("findWallet", null, () -> Optional.ofNullable(table.wallets.get(ownerId)).map(WalletItem::wallet));
    }

    @Override
    public Optional<CheckoutIdempotency> findCheckoutIdempotency(String ownerId, String key) {
        return table.call("findCheckoutIdempotency", null, () -> Optional.ofNullable(
                table.checkoutKeys.get(InMemoryTable.key(ownerId, key))).filter(r -> !table.expired(r.expiresAt())));
    }

    @Override
    public PurchaseWrite commitPurchase(WalletChange change, Purchase purchase, CheckoutIdempotency record,
            java.util.List<dev.coinslot.domain.ownership.EntitlementChange> entitlements, Optional<Conversion> conversion) {
        Wallet expected = change.before();
        return table.call("commitPurchase", PurchaseWrite.Contention::new, () -> {
            CheckoutIdempotency existing = table.checkoutKeys.get(InMemoryTable.key(record.ownerId(), record.key()));
            if (existing != null && !table.expired(existing.expiresAt())) {
                return new PurchaseWrite.KeyExists(existing);
            }
            WalletItem wallet = table.wallets.get(expected.ownerId());
            // the domain's check on the wallet the version pins, as the adapter does
            if (!WalletItem.atVersion(wallet, expected.version())
                    || !(expected.checkSpend(purchase.total(), purchase.at()) instanceof Wallet.SpendCheck.Allowed)) {
                return new PurchaseWrite.WalletChanged(Optional.ofNullable(wallet).map(WalletItem::wallet));
            }
            java.util.List<dev.coinslot.domain.ownership.Entitlement> granted = new java.util.ArrayList<>();
            for (dev.coinslot.domain.ownership.EntitlementChange grant : entitlements) {
                dev.coinslot.domain.ownership.Entitlement[] result = table.entitlementAfter(expected.ownerId(), grant,
                        purchase.id(), purchase.at());
                if (result[0] == null) {
                    return result[1] == null ? new PurchaseWrite.Contention() : new PurchaseWrite.EntitlementChanged(result[1]);
                }
                granted.add(result[0]);
            }
            granted.forEach(e -> table.entitlements.put(InMemoryTable.key(e.ownerId(), e.sku()), e));
            WalletItem written = table.apply(change);
            written.spent = change.after().spent();
            written.store = change.after().store();
            table.purchases.put(purchase.id(), purchase);
            table.checkoutKeys.put(InMemoryTable.key(record.ownerId(), record.key()), record);
            conversion.ifPresent(c -> experiments.recordConversion(c.experimentId(), expected.ownerId(), c.variant(),
                    purchase.total().amount(), purchase.at()));
            return new PurchaseWrite.Committed();
        });
    }

    @Override
    public LedgerWrite appendEntry(WalletChange change) {
        return table.call("appendEntry", LedgerWrite.Contention::new, () -> {
            WalletItem wallet = table.wallets.get(change.before().ownerId());
            if (!WalletItem.atVersion(wallet, change.before().version())) {
                return new LedgerWrite.WalletChanged(Optional.ofNullable(wallet).map(WalletItem::wallet));
            }
            table.apply(change);
            return new LedgerWrite.Committed();
        });
    }

    /** The owner's write is refused while the limits are guardian-managed; a guardian's needs {@code guardianId = :g}. */
    @Override
    public LimitsWrite setLimits(String ownerId, SpendLimits limits, Optional<String> guardianId) {
        return table.call("setLimits", null, () -> {
            WalletItem existing = table.wallets.get(ownerId);
            if (guardianId.isPresent()) {
                if (existing == null || !guardianId.get().equals(existing.guardianId)) {
                    return new LimitsWrite.NotGuardian();
                }
            } else if (existing != null && existing.limits.guardianManaged()) {
                return new LimitsWrite.ManagedByGuardian();
            }
            table.write(ownerId).limits = limits;
            return new LimitsWrite.Updated();
        });
    }

    @Override
    public AutoTopUpWrite setAutoTopUp(String ownerId, boolean enabled, String packId, Money monthlyCap) {
        return table.call("setAutoTopUp", null, () -> {
            WalletItem existing = table.wallets.get(ownerId);
            if (enabled && (existing == null || existing.customerId == null || existing.paymentMethod == null)) {
                return new AutoTopUpWrite.NoSavedCard();
            }
            WalletItem wallet = table.write(ownerId);
            wallet.autoEnabled = enabled;
            wallet.autoPack = packId;
            wallet.autoCap = monthlyCap;
            if (enabled) {
                wallet.autoFailures = 0;
                wallet.autoDisabledReason = null;
            }
            return new AutoTopUpWrite.Updated();
        });
    }

    @Override
    public List<String> walletsExpiringOn(LocalDate day) {
        return table.call("walletsExpiringOn", null, () -> table.expirySchedule.entrySet().stream()
                .filter(e -> e.getKey().startsWith(day + "\n") && !e.getValue())
                .map(e -> e.getKey().substring(day.toString().length() + 1)).toList());
    }

    @Override
    public void markExpirySwept(LocalDate day, String ownerId) {
        table.call("markExpirySwept", null, () -> table.expirySchedule.computeIfPresent(InMemoryTable.key(day.toString(), ownerId),
                (k, v) -> true));
    }

    @Override
    public LedgerPage ledger(String ownerId, int limit, Optional<Long> beforeSequence) {
        return table.call("ledger", null, () -> {
            List<LedgerEntry> all = table.ledgers.getOrDefault(ownerId, List.of());
            long below = beforeSequence.orElse(Long.MAX_VALUE);
            List<LedgerEntry> page = all.reversed().stream().filter(e -> e.sequence() < below).limit(limit).toList();
            // DynamoDB returns a LastEvaluatedKey when the page filled up; the adapter then offers the next page unless
            // the page already reached entry 1
            boolean more = page.size() == limit && !page.isEmpty() && page.get(page.size() - 1).sequence() > 1;
            return new LedgerPage(page, more ? Optional.of(page.get(page.size() - 1).sequence()) : Optional.empty());
        });
    }
}

package dev.coinslot.support.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.ReconciliationStore.PaymentRef;
import dev.coinslot.application.port.StoreUnavailableException;
import dev.coinslot.application.port.TopUpIdempotency;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SavedCard;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.SpendTally;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import dev.coinslot.domain.ownership.EntitlementType;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The single wallet table in memory, shared by the in-memory stores the way the DynamoDB stores share one table: the
 * wallet item (with the attributes each store owns), ledger entries, purchases, idempotency records, top-ups, payment
 * lookups and event markers. Every store call runs under one lock, so a call is atomic like one TransactWriteItems.
 */
public final class InMemoryTable {

    /** The wallet item: the attributes {@code ItemMapper.wallet} reads, null where the DynamoDB item has none. */
    static final class WalletItem {
        final String ownerId;
        long balance;
        /** The lots; null like an item written before lots existed (read as one legacy lot). */
        Lots lots;
        WalletStatus status = WalletStatus.ACTIVE;
        /** Bumped by every write of the item, as {@code WalletItemWrite} does. */
        long version;
        /** The newest ledger entry's sequence ({@code ledgerSeq}). */
        long ledgerSeq;
        SpendLimits limits = SpendLimits.NONE;
        SpendTally spent = SpendTally.NONE;
        /** The storefront attributes the checkout transaction writes (purchase count, 30-day spend, offer uses). */
        dev.coinslot.domain.store.StoreActivity store = dev.coinslot.domain.store.StoreActivity.NONE;
        /** The loyalty progress ({@code loyalty} attribute), written by the writes that change it. */
        dev.coinslot.domain.loyalty.LoyaltyState loyalty = dev.coinslot.domain.loyalty.LoyaltyState.NONE;
        Boolean autoEnabled;
        String autoPack;
        Money autoCap;
        YearMonth autoMonth;
        Long autoCharged;
        Integer autoFailures;
        String autoDisabledReason;
        String customerId;
        String paymentMethod;
        final Set<String> openDisputes = new LinkedHashSet<>();
        /** The guardian attributes {@code DynamoDbGuardianStore} writes: linked guardian, since, pending code, unlinker. */
        String guardianId;
        Instant guardianSince;
        String pendingInvite;
        String unlinkedBy;

        WalletItem(String ownerId) {
            this.ownerId = ownerId;
        }

        Wallet wallet() {
            Optional<AutoTopUp> auto = Optional.ofNullable(autoPack).map(pack -> new AutoTopUp(Boolean.TRUE.equals(autoEnabled),
                    pack, autoCap, autoMonth == null ? SpendTally.NONE.month() : autoMonth, autoCharged == null ? 0 : autoCharged,
                    autoFailures == null ? 0 : autoFailures, Optional.ofNullable(autoDisabledReason)));
            Optional<SavedCard> card = customerId != null && paymentMethod != null
                    ? Optional.of(new SavedCard(customerId, paymentMethod)) : Optional.empty();
            return new Wallet(ownerId, Credits.of(balance), status, version, limits, spent, auto, card, ledgerSeq,
                    lots == null ? Lots.legacy(Credits.of(balance)) : lots, store, loyalty);
        }

        /** {@code version = :v}, or for version 0 also "no item yet" (as {@code WalletItemWrite.at} conditions). */
        static boolean atVersion(WalletItem item, long expected) {
            return item == null ? expected == 0 : item.version == expected;
        }
    }

    /** A top-up item and the attributes only the auto top-up writes use. */
    static final class TopUpItem {
        TopUp topUp;
        boolean declineCounted;
        String declineCode;

        TopUpItem(TopUp topUp) {
            this.topUp = topUp;
        }
    }

    /** An invitation item {@code INVITE#{codeHash}}: whose wallet, until when, and who consumed it. */
    static final class InviteItem {
        final String ownerId;
        final Instant expiresAt;
        String consumedBy;

        InviteItem(String ownerId, Instant expiresAt) {
            this.ownerId = ownerId;
            this.expiresAt = expiresAt;
        }
    }

    final Clock clock;
    final Faults faults = new Faults();
    final Map<String, WalletItem> wallets = new HashMap<>();
    final Map<String, List<LedgerEntry>> ledgers = new HashMap<>();
    final Map<String, Purchase> purchases = new LinkedHashMap<>();
    final Map<String, CheckoutIdempotency> checkoutKeys = new HashMap<>();
    final Map<String, TopUpIdempotency> topUpKeys = new HashMap<>();
    final Map<String, TopUpItem> topUps = new LinkedHashMap<>();
    final Map<String, PaymentRef> payments = new HashMap<>();
    final Map<String, String> events = new HashMap<>();
    final Map<String, InviteItem> invites = new HashMap<>();
    /** Entitlement items by {@link #key(String, String)} of owner and sku. */
    final Map<String, Entitlement> entitlements = new HashMap<>();
    /** The expiry-schedule items: (UTC day, wallet) to whether the expiry sweep marked it done. */
    final Map<String, Boolean> expirySchedule = new java.util.TreeMap<>();
    /** The hourly top-up rate items: (user, hour) to the ids of the top-ups holding a slot of that hour. */
    final Map<String, Set<String>> topUpRates = new HashMap<>();

    public InMemoryTable(Clock clock) {
        this.clock = clock;
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Runs one store call: counts it, applies an armed fault ({@code onConflict} answers a transaction conflict; null
     * for calls that cannot conflict), then {@code body} under the table lock.
     */
    synchronized <T> T call(String operation, Supplier<T> onConflict, Supplier<T> body) {
        Faults.Fault fault = faults.next(operation);
        if (fault == Faults.Fault.UNAVAILABLE) {
            throw new StoreUnavailableException("injected: " + operation + " unavailable", null);
        }
        if (fault == Faults.Fault.CONFLICT) {
            if (onConflict == null) {
                throw new IllegalStateException(operation + " is not a transaction and cannot conflict");
            }
            return onConflict.get();
        }
        T result = body.get();
        if (fault == Faults.Fault.LOST_RESPONSE) {
            throw new StoreUnavailableException("injected: " + operation + " applied, response lost", null);
        }
        return result;
    }

    /** The wallet item (created if missing) about to be written: its version goes up by one, as on every write. */
    WalletItem write(String ownerId) {
        WalletItem wallet = wallets.computeIfAbsent(ownerId, WalletItem::new);
        wallet.version++;
        return wallet;
    }

    /**
     * Applies {@code change} to the wallet (created if missing) as one write of it: its entries appended, balance, lots
     * and ledger sequence of {@code change.after()}; a taken sequence is a bug, as a failed ledger put is. Returns the
     * wallet item for the write's other changes.
     */
    WalletItem apply(WalletChange change) {
        String ownerId = change.before().ownerId();
        List<LedgerEntry> ledger = ledgers.computeIfAbsent(ownerId, k -> new ArrayList<>());
        for (LedgerEntry entry : change.entries()) {
            if (entry.sequence() != ledger.size() + 1) {
                throw new IllegalStateException("ledger entry " + entry.sequence() + " of " + ownerId
                        + " cannot follow " + ledger.size() + " entries");
            }
            ledger.add(entry);
        }
        java.util.Set<java.time.LocalDate> days = expiryDays(change.after().lots());
        days.removeAll(expiryDays(change.before().lots()));
        days.forEach(day -> expirySchedule.put(key(day.toString(), ownerId), false));
        WalletItem wallet = write(ownerId);
        wallet.balance = change.after().balance().amount();
        wallet.lots = change.after().lots();
        wallet.ledgerSeq = change.after().ledgerSequence();
        wallet.loyalty = change.after().loyalty();
        return wallet;
    }

    private static java.util.Set<java.time.LocalDate> expiryDays(Lots lots) {
        java.util.Set<java.time.LocalDate> days = new java.util.TreeSet<>();
        lots.lots().forEach(lot -> lot.expiresAt().ifPresent(at -> days.add(java.time.LocalDate.ofInstant(at,
                java.time.ZoneOffset.UTC))));
        return days;
    }

    boolean expired(Instant expiresAt) {
        return expiresAt.getEpochSecond() < clock.instant().getEpochSecond();
    }

    static String key(String ownerId, String id) {
        return ownerId + "\n" + id;
    }

    // ---- what tests read and assert ------------------------------------------------------------------------------

    public synchronized List<LedgerEntry> ledger(String ownerId) {
        return List.copyOf(ledgers.getOrDefault(ownerId, List.of()));
    }

    public synchronized List<Purchase> purchases(String ownerId) {
        return purchases.values().stream().filter(p -> p.ownerId().equals(ownerId)).toList();
    }

    public synchronized Optional<Wallet> wallet(String ownerId) {
        return Optional.ofNullable(wallets.get(ownerId)).map(WalletItem::wallet);
    }

    public synchronized Set<String> openDisputes(String ownerId) {
        WalletItem item = wallets.get(ownerId);
        return item == null ? Set.of() : Set.copyOf(item.openDisputes);
    }

    public synchronized Optional<TopUp> topUp(String ownerId, String topUpId) {
        return Optional.ofNullable(topUps.get(key(ownerId, topUpId))).map(t -> t.topUp);
    }

    /** The keys of the stored invitation items (code hashes). */
    public synchronized Set<String> inviteKeys() {
        return Set.copyOf(invites.keySet());
    }

    /** The ids of the top-ups holding one of the user's slots of the clock hour starting at {@code hour}. */
    public synchronized Set<String> hourlyTopUpSlots(String ownerId, Instant hour) {
        return Set.copyOf(topUpRates.getOrDefault(key(ownerId, hour.toString()), Set.of()));
    }

    public synchronized boolean eventMarked(String eventId) {
        return events.containsKey(eventId);
    }

    /** How many ledger entries of {@code type} carry {@code reference} (e.g. {@code topup:top_…}). */
    public synchronized long entries(String ownerId, LedgerEntryType type, String reference) {
        return ledger(ownerId).stream().filter(e -> e.type() == type && e.reference().equals(reference)).count();
    }

    /**
     * Asserts the money invariants of one wallet: sequences 1..ledgerSeq without gaps, each entry's balance after is the
     * running sum, the balance equals the sum of the ledger, every purchase has its one ledger entry. Returns the balance.
     */
    public synchronized long assertConsistent(String ownerId) {
        List<LedgerEntry> ledger = ledger(ownerId);
        long running = 0;
        for (int i = 0; i < ledger.size(); i++) {
            LedgerEntry entry = ledger.get(i);
            assertEquals(i + 1, entry.sequence(), "ledger sequence of " + ownerId);
            running = Math.addExact(running, entry.amount().amount());
            assertEquals(running, entry.balanceAfter().amount(), "balance after entry " + entry.sequence());
        }
        WalletItem item = wallets.get(ownerId);
        long balance = item == null ? 0 : item.balance;
        assertEquals(running, balance, "balance of " + ownerId + " = Σ ledger");
        if (item != null) {
            assertEquals(balance, item.wallet().lots().balance().amount(), "balance of " + ownerId + " = Σ lots − debt");
        }
        assertEquals(ledger.size(), item == null ? 0 : item.ledgerSeq, "ledger sequence of " + ownerId + " = ledger entries");
        for (Purchase p : purchases(ownerId)) {
            assertEquals(1, entries(ownerId, LedgerEntryType.PURCHASE, "purchase:" + p.id()), "ledger entries of " + p.id());
        }
        return balance;
    }

    /**
     * What {@code change} makes of the stored entitlement, under the same condition {@code EntitlementItems} writes, or
     * the stored one (possibly null) as the refusal when the condition fails: {@code [after, null]} or {@code [null, old]}.
     */
    Entitlement[] entitlementAfter(String ownerId, EntitlementChange change, String purchaseId, Instant at) {
        Entitlement old = entitlements.get(key(ownerId, change.sku()));
        long ver = old == null ? 1 : old.version() + 1;
        return switch (change) {
            case EntitlementChange.Add a -> new Entitlement[] {new Entitlement(ownerId, a.sku(), EntitlementType.CONSUMABLE,
                    (old == null ? 0 : old.quantity()) + a.quantity(), old == null ? Optional.empty() : old.activeUntil(), at,
                    purchaseId, ver), null};
            case EntitlementChange.Own o -> old == null || old.quantity() < 1
                    ? new Entitlement[] {new Entitlement(ownerId, o.sku(), EntitlementType.PERMANENT, 1, Optional.empty(), at,
                            purchaseId, ver), null}
                    : new Entitlement[] {null, old};
            case EntitlementChange.ExtendPass p -> {
                boolean holds = p.expectedEnd().isPresent()
                        ? old != null && old.activeUntil().equals(p.expectedEnd())
                        : old == null || old.activeUntil().isEmpty() || !old.activeUntil().get().isAfter(p.now());
                yield holds ? new Entitlement[] {new Entitlement(ownerId, p.sku(), EntitlementType.PASS, 1,
                        Optional.of(p.newEnd()), at, purchaseId, ver), null} : new Entitlement[] {null, old};
            }
            case EntitlementChange.Replace r -> old != null && old.version() == r.after().version() - 1
                    ? new Entitlement[] {r.after(), null} : new Entitlement[] {null, old};
        };
    }
}

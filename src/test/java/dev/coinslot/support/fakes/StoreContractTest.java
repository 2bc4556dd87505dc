package dev.coinslot.support.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbAutoTopUpStore;
import dev.coinslot.adapter.dynamodb.DynamoDbGuardianStore;
import dev.coinslot.adapter.dynamodb.DynamoDbReconciliationStore;
import dev.coinslot.adapter.dynamodb.DynamoDbTopUpStore;
import dev.coinslot.adapter.dynamodb.DynamoDbWalletStore;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.application.port.AutoTopUpStore;
import dev.coinslot.application.port.AutoTopUpStore.DeclineWrite;
import dev.coinslot.application.port.AutoTopUpStore.Reservation;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.GuardianStore;
import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.application.port.ReconciliationStore.WalletState;
import dev.coinslot.application.port.ReconciliationStore.Write;
import dev.coinslot.application.port.TopUpIdempotency;
import dev.coinslot.application.port.TopUpStore;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
import dev.coinslot.support.DynamoDbLocalResource;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The same store scenarios against the in-memory fakes and against the DynamoDB adapters on DynamoDB Local (no Quarkus):
 * each conditional write must answer alike in both, so the fakes stay faithful to the contracts the services rely on.
 */
class StoreContractTest {

    private static DynamoDbClient dynamo;

    /** One implementation of the five stores, on one table and one clock. */
    record Stores(WalletStore wallets, TopUpStore topUps, ReconciliationStore reconciliation, AutoTopUpStore autoTopUps,
            GuardianStore guardians, MutableClock clock, dev.coinslot.application.port.ExperimentStore experiments) {
    }

    static Stream<Named<java.util.function.Supplier<Stores>>> stores() {
        return Stream.of(Named.of("in memory", () -> {
            MutableClock clock = new MutableClock(InMemoryCoinslot.START);
            InMemoryTable table = new InMemoryTable(clock);
            InMemoryExperimentStore experiments = new InMemoryExperimentStore();
            return new Stores(new InMemoryWalletStore(table, experiments), new InMemoryTopUpStore(table),
                    new InMemoryReconciliationStore(table), new InMemoryAutoTopUpStore(table), new InMemoryGuardianStore(table),
                    clock, experiments);
        }), Named.of("DynamoDB Local", () -> {
            MutableClock clock = new MutableClock(InMemoryCoinslot.START);
            CoinslotConfig config = TestConfig.defaults().coinslot();
            DynamoDbClient client = dynamo();
            return new Stores(new DynamoDbWalletStore(client, config, clock), new DynamoDbTopUpStore(client, config, clock),
                    new DynamoDbReconciliationStore(client, config, clock), new DynamoDbAutoTopUpStore(client, config),
                    new DynamoDbGuardianStore(client, config), clock,
                    new dev.coinslot.adapter.dynamodb.DynamoDbExperimentStore(client, config));
        }));
    }

    private static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            new DynamoDbLocalResource().start();
            dynamo = DynamoDbLocalResource.client();
            TableInitializer.createIfMissing(dynamo, TestConfig.TABLE);
            // The scenarios run on a fixed clock in the past (InMemoryCoinslot.START), so every item with an expiry is
            // already expired in real time, and DynamoDB Local's TTL deletion could remove it mid-scenario (an
            // invitation vanished between createInvite and accept once). The stores check expiry themselves; deletion
            // is not part of their contract.
            dynamo.updateTimeToLive(b -> b.tableName(TestConfig.TABLE)
                    .timeToLiveSpecification(t -> t.attributeName(WalletTable.TTL).enabled(false)));
        }
        return dynamo;
    }

    @AfterAll
    static void closeClient() {
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
    }

    private static String user() {
        return "contract-" + UUID.randomUUID();
    }

    private static Wallet grant(WalletStore store, String user, long credits) {
        Wallet wallet = store.findWallet(user).orElseGet(() -> Wallet.empty(user));
        assertInstanceOf(LedgerWrite.Committed.class, store.appendEntry(grantChange(wallet, credits, "grant:c")));
        return store.findWallet(user).orElseThrow();
    }

    /** A top-up's credits as TopUpCrediting adds them: base paid at the top-up's price, bonus promotional. */
    static WalletChange topUpChange(Wallet wallet, TopUp topUp, String reference) {
        List<Lot> lots = new java.util.ArrayList<>(List.of(Lot.paid(topUp.baseCredits().amount(), topUp.amount(),
                InMemoryCoinslot.START, topUp.id())));
        if (topUp.bonusCredits().isPositive()) {
            lots.add(Lot.promo(LotSource.BONUS, topUp.bonusCredits().amount(), InMemoryCoinslot.START, Optional.empty(),
                    topUp.id()));
        }
        return wallet.credit(LedgerEntryType.TOP_UP, lots, reference, InMemoryCoinslot.START);
    }

    static WalletChange grantChange(Wallet wallet, long credits, String reference) {
        return wallet.credit(LedgerEntryType.GRANT, List.of(Lot.promo(LotSource.GRANT, credits, InMemoryCoinslot.START,
                Optional.empty(), "")), reference, InMemoryCoinslot.START);
    }

    /** A new guardian accepts the user's invitation (one code hash per user): returns the guardian's id. */
    private static String linkGuardian(Stores s, String user) {
        String guardian = "guardian-" + UUID.randomUUID();
        Instant now = s.clock().instant();
        String codeHash = "hash-" + user;
        assertInstanceOf(GuardianStore.InviteWrite.Created.class,
                s.guardians().createInvite(user, codeHash, now, now.plus(Duration.ofHours(1))));
        assertEquals(new GuardianStore.LinkWrite.Linked(user, now, false), s.guardians().accept(codeHash, guardian, now));
        return guardian;
    }

    private static PurchaseWrite buy(Stores s, Wallet expected, String key, long total) {
        return buy(s, expected, key, total, Optional.empty());
    }

    private static PurchaseWrite buy(Stores s, Wallet expected, String key, long total,
            Optional<WalletStore.Conversion> conversion) {
        Instant now = s.clock().instant();
        String id = "pur_" + UUID.randomUUID();
        WalletChange change = expected.purchase(Credits.of(total), now, "purchase:" + id);
        Purchase purchase = new Purchase(id, expected.ownerId(), "sku", 1, Credits.of(total), Credits.of(total),
                change.after().balance(), now, change.lots(), LotTake.value(change.lots()));
        return s.wallets().commitPurchase(change, purchase, new CheckoutIdempotency(expected.ownerId(), key,
                "hash-" + total, purchase, Optional.empty(), now.plus(Duration.ofHours(48))), List.of(), conversion);
    }

    private static TopUp topUp(String user, String id, TopUpStatus status) {
        return new TopUp(id, user, "plus", Money.of(1000, "USD"), Credits.of(1000), Credits.of(100), status, "pi_" + id,
                InMemoryCoinslot.START);
    }

    /**
     * An experiment-priced purchase counts its conversion in its own write: nothing when the write is refused (stale
     * version), one purchase and its credits when it commits, nothing more for the same key again.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void commitPurchase_withAConversion_countsItExactlyWhenThePurchaseCommits(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        String experiment = "exp-" + UUID.randomUUID();
        Optional<WalletStore.Conversion> conversion = Optional.of(new WalletStore.Conversion(experiment, "b"));
        Wallet first = grant(s.wallets(), user, 100);
        Wallet current = grant(s.wallets(), user, 5);
        assertInstanceOf(PurchaseWrite.WalletChanged.class, buy(s, first, "k1", 10, conversion));
        assertEquals(Map.of(), s.experiments().tallies(experiment), "a refused purchase counts nothing");

        assertInstanceOf(PurchaseWrite.Committed.class, buy(s, current, "k1", 10, conversion));
        assertInstanceOf(PurchaseWrite.KeyExists.class, buy(s, current, "k1", 10, conversion));
        Wallet after = s.wallets().findWallet(user).orElseThrow();
        assertInstanceOf(PurchaseWrite.Committed.class, buy(s, after, "k2", 7, conversion));
        assertEquals(Map.of("b", new dev.coinslot.domain.experiment.ExperimentReport.Tally(1, 1, 17, Map.of())),
                s.experiments().tallies(experiment), "two committed purchases of one user: one converter, 10 + 7 credits");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void commitPurchase_staleVersion_answersWalletChangedWithTheStoredWallet(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Wallet first = grant(s.wallets(), user, 100);
        Wallet current = grant(s.wallets(), user, 5);

        PurchaseWrite write = buy(s, first, "k1", 10);

        assertEquals(new PurchaseWrite.WalletChanged(Optional.of(current)), write);
        assertEquals(current, s.wallets().findWallet(user).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void commitPurchase_commits_thenTheKeyWinsOverAStaleVersion_untilItExpires(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Wallet wallet = grant(s.wallets(), user, 100);
        assertInstanceOf(PurchaseWrite.Committed.class, buy(s, wallet, "k1", 10));
        Wallet after = s.wallets().findWallet(user).orElseThrow();
        assertEquals(Credits.of(90), after.balance());
        assertEquals(Credits.of(10), after.spent().spentDay());

        PurchaseWrite.KeyExists exists = assertInstanceOf(PurchaseWrite.KeyExists.class, buy(s, wallet, "k1", 20));
        assertEquals("hash-10", exists.existing().requestHash());
        assertEquals(exists.existing(), s.wallets().findCheckoutIdempotency(user, "k1").orElseThrow());

        s.clock().advance(Duration.ofHours(49));
        assertTrue(s.wallets().findCheckoutIdempotency(user, "k1").isEmpty());
        assertInstanceOf(PurchaseWrite.Committed.class, buy(s, after, "k1", 20));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void commitPurchase_refusedByStoredLimitOrShortBalanceOrFreeze_asWalletChanged(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        grant(s.wallets(), user, 100);
        s.wallets().setLimits(user, new SpendLimits(Optional.of(Credits.of(30)), Optional.empty(), Optional.empty(), false),
                Optional.empty());
        Wallet limited = s.wallets().findWallet(user).orElseThrow();

        assertInstanceOf(PurchaseWrite.WalletChanged.class, buy(s, limited, "k1", 31));
        // a purchase beyond the balance cannot even be built: the domain refuses to draw credits that are not there
        assertThrows(IllegalArgumentException.class, () -> buy(s, limited, "k2", 101));
        assertInstanceOf(PurchaseWrite.Committed.class, buy(s, limited, "k3", 30));
        assertEquals(Credits.of(70), s.wallets().findWallet(user).orElseThrow().balance());
    }

    /**
     * A wallet item as written before {@code ledgerSeq} existed (version = number of ledger entries, status and limits
     * changed without bumping it) reads its version as the ledger sequence, and both kinds of write, pinned and
     * unpinned, carry on its ledger without a gap.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void walletItemOfTheShapeBeforeLedgerSeq_readsVersionAsTheLedgerSequence_andItsLedgerContinues(boolean settingsFirst) {
        Stores s = stores().toList().get(1).getPayload().get();
        String user = user();
        String pk = "WALLET#" + user;
        dynamo().putItem(b -> b.tableName(TestConfig.TABLE).item(Map.of("pk", av(pk), "sk", av("WALLET"), "type", av("WALLET"),
                "owner", av(user), "status", av("ACTIVE"), "balance", num(30), "version", num(2), "limitDaily", num(100))));
        for (long seq = 1; seq <= 2; seq++) {
            String sk = String.format("LEDGER#%019d", seq);
            long amount = seq * 10;
            dynamo().putItem(b -> b.tableName(TestConfig.TABLE).item(Map.of("pk", av(pk), "sk", av(sk), "type", av("LEDGER"),
                    "owner", av(user), "seq", num(amount / 10), "entryType", av("GRANT"), "amount", num(amount),
                    "balanceAfter", num(amount == 10 ? 10 : 30), "ref", av("grant:old-" + amount),
                    "at", av(InMemoryCoinslot.START.toString()))));
        }
        Wallet old = s.wallets().findWallet(user).orElseThrow();
        assertEquals(new Wallet(user, Credits.of(30), WalletStatus.ACTIVE, 2,
                new SpendLimits(Optional.empty(), Optional.of(Credits.of(100)), Optional.empty(), false),
                Wallet.empty(user).spent(), Optional.empty(), Optional.empty(), 2), old);

        if (settingsFirst) {
            assertInstanceOf(WalletStore.LimitsWrite.Updated.class, s.wallets().setLimits(user, SpendLimits.NONE, Optional.empty()));
            assertEquals(new Wallet(user, Credits.of(30), WalletStatus.ACTIVE, 3, SpendLimits.NONE, Wallet.empty(user).spent(),
                    Optional.empty(), Optional.empty(), 2), s.wallets().findWallet(user).orElseThrow());
        }
        Wallet granted = grant(s.wallets(), user, 5);
        assertEquals(3, granted.ledgerSequence());
        assertEquals(settingsFirst ? 4 : 3, granted.version());
        assertEquals(Credits.of(35), granted.balance());
        assertEquals(List.of(3L, 2L, 1L), s.wallets().ledger(user, 10, Optional.empty()).entries().stream()
                .map(LedgerEntry::sequence).toList());
    }

    /**
     * A wallet item and ledger exactly as the version before lots writes them (balance, version, ledgerSeq, limits, a
     * spend tally; ledger entries without a paid/promotional split, a PURCHASE item beside the entry): read as one
     * LEGACY paid lot of unknown cost and entries all paid; the next purchase spends it and upgrades the item with the
     * lots attribute; paid credits bought later are spent after it (it is the oldest), and nothing is lost.
     */
    @org.junit.jupiter.api.Test
    void walletItemInTodaysShape_readsAsOneLegacyPaidLot_andIsUpgradedOnItsNextWrite() {
        Stores s = stores().toList().get(1).getPayload().get();
        String user = user();
        String pk = "WALLET#" + user;
        dynamo().putItem(b -> b.tableName(TestConfig.TABLE).item(Map.ofEntries(Map.entry("pk", av(pk)), Map.entry("sk", av("WALLET")),
                Map.entry("type", av("WALLET")), Map.entry("owner", av(user)), Map.entry("status", av("ACTIVE")),
                Map.entry("balance", num(130)), Map.entry("version", num(4)), Map.entry("ledgerSeq", num(3)),
                Map.entry("limitDaily", num(1000)), Map.entry("limitsBy", av("OWNER")), Map.entry("spentDayKey", av("2026-11-19")),
                Map.entry("spentDay", num(20)))));
        long[][] entries = {{1, 100, 100}, {2, 50, 150}, {3, -20, 130}};
        for (long[] e : entries) {
            dynamo().putItem(b -> b.tableName(TestConfig.TABLE).item(Map.of("pk", av(pk), "sk",
                    av(String.format("LEDGER#%019d", e[0])), "type", av("LEDGER"), "owner", av(user), "seq", num(e[0]),
                    "entryType", av(e[1] > 0 ? "GRANT" : "PURCHASE"), "amount", num(e[1]), "balanceAfter", num(e[2]),
                    "ref", av(e[1] > 0 ? "grant:old-" + e[0] : "purchase:pur_old"), "at", av(InMemoryCoinslot.START.toString()))));
        }

        Wallet old = s.wallets().findWallet(user).orElseThrow();
        assertEquals(Credits.of(130), old.balance());
        assertEquals(List.of(new Lot(LotSource.LEGACY, 130, Optional.empty(), Instant.EPOCH, Optional.empty(), "")),
                old.lots().lots());
        assertTrue(s.wallets().ledger(user, 10, Optional.empty()).entries().stream()
                .allMatch(e -> e.paidCredits().equals(e.amount()) && e.promoCredits().equals(Credits.ZERO)));

        TopUp topUp = topUp(user, "top_new", TopUpStatus.SUCCEEDED);
        assertInstanceOf(Write.Committed.class, s.reconciliation().creditTopUp(topUpChange(old, topUp, "topup:top_new"), topUp,
                Optional.empty(), Optional.empty(), user + "-e1", "t"));
        Wallet upgraded = s.wallets().findWallet(user).orElseThrow();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = dynamo().getItem(b -> b
                .tableName(TestConfig.TABLE).consistentRead(true).key(Map.of("pk", av(pk), "sk", av("WALLET")))).item();
        assertTrue(item.containsKey("lots"), "the write upgraded the item: " + item);
        assertEquals(Credits.of(130 + 1100), upgraded.balance());

        assertInstanceOf(PurchaseWrite.Committed.class, buy(s, upgraded, "k1", 200));
        Wallet after = s.wallets().findWallet(user).orElseThrow();
        // the bonus (promotional) first, then the legacy lot (the oldest paid), then the new paid lot
        assertEquals(List.of(LotSource.LEGACY, LotSource.TOPUP), after.lots().lots().stream().map(Lot::source).toList());
        assertEquals(30, after.lots().lots().get(0).credits());
        assertEquals(Credits.of(1030), after.balance());
        LedgerEntry purchase = s.wallets().ledger(user, 1, Optional.empty()).entries().get(0);
        assertEquals(Credits.of(-100), purchase.promoCredits());
        assertEquals(Credits.of(-100), purchase.paidCredits());
        assertEquals(Credits.of(1030), after.lots().paid());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void expirySchedule_listsAWalletOnTheDayItsPromoCreditsExpire_untilMarkedSwept(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Instant expires = InMemoryCoinslot.START.plus(Duration.ofDays(3));
        java.time.LocalDate day = java.time.LocalDate.ofInstant(expires, java.time.ZoneOffset.UTC);
        Wallet wallet = Wallet.empty(user);
        WalletChange grant = wallet.credit(LedgerEntryType.GRANT, List.of(Lot.promo(LotSource.GRANT, 10, InMemoryCoinslot.START,
                Optional.of(expires), "")), "grant:expiring", InMemoryCoinslot.START);
        assertInstanceOf(LedgerWrite.Committed.class, s.wallets().appendEntry(grant));

        assertTrue(s.wallets().walletsExpiringOn(day).contains(user));
        assertFalse(s.wallets().walletsExpiringOn(day.minusDays(1)).contains(user));
        WalletChange expiry = grant.after().expire(expires).orElseThrow();
        assertInstanceOf(LedgerWrite.Committed.class, s.wallets().appendEntry(expiry));
        s.wallets().markExpirySwept(day, user);
        s.wallets().markExpirySwept(day.plusDays(1), user);

        assertFalse(s.wallets().walletsExpiringOn(day).contains(user));
        assertEquals(List.of(LedgerEntryType.EXPIRY, LedgerEntryType.GRANT), s.wallets().ledger(user, 10, Optional.empty())
                .entries().stream().map(LedgerEntry::type).toList());
        assertEquals(Credits.ZERO, s.wallets().findWallet(user).orElseThrow().balance());
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue av(String value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue num(long value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(value));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void appendEntry_atVersionZero_createsTheWallet_andAStaleVersionIsRefused(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Wallet empty = Wallet.empty(user);
        grant(s.wallets(), user, 7);

        LedgerWrite stale = s.wallets().appendEntry(grantChange(empty, 1, "g"));

        assertEquals(new LedgerWrite.WalletChanged(s.wallets().findWallet(user)), stale);
        assertEquals(grantChange(empty, 7, "grant:c").after(), s.wallets().findWallet(user).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ledger_pagesNewestFirst_andOffersNoPageBelowEntryOne(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        for (int i = 1; i <= 5; i++) {
            grant(s.wallets(), user, i);
        }

        WalletStore.LedgerPage first = s.wallets().ledger(user, 2, Optional.empty());
        WalletStore.LedgerPage second = s.wallets().ledger(user, 2, first.nextBefore());
        WalletStore.LedgerPage third = s.wallets().ledger(user, 2, second.nextBefore());
        WalletStore.LedgerPage exact = s.wallets().ledger(user, 3, Optional.of(4L));

        assertEquals(List.of(5L, 4L), first.entries().stream().map(LedgerEntry::sequence).toList());
        assertEquals(Optional.of(4L), first.nextBefore());
        assertEquals(List.of(3L, 2L), second.entries().stream().map(LedgerEntry::sequence).toList());
        assertEquals(List.of(1L), third.entries().stream().map(LedgerEntry::sequence).toList());
        assertEquals(Optional.empty(), third.nextBefore());
        assertEquals(Optional.empty(), exact.nextBefore());
    }

    /**
     * Purchases with loyalty rewards: the state rides on the wallet, the rewards' entries follow their purchase's in
     * sequence (DynamoDB keeps them on the purchase's ledger item) and the ledger pages them entry by entry, split
     * across pages anywhere; the idempotency record answers the same earned rewards; a reward's expiry day is scheduled.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void rewardedPurchases_ledgerPagesEachRewardEntry_andTheStateAndEarnedRoundTrip(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Instant now = s.clock().instant();
        WalletChange funded = Wallet.empty(user).credit(LedgerEntryType.TOP_UP,
                List.of(Lot.paid(1_000, Money.of(1_000, "USD"), now, "top_1")), "topup:top_1", now);
        assertInstanceOf(LedgerWrite.Committed.class, s.wallets().appendEntry(funded));
        dev.coinslot.application.loyalty.PurchaseLoyalty loyalty = new dev.coinslot.application.loyalty.PurchaseLoyalty(
                new dev.coinslot.domain.loyalty.LoyaltyProgram(new dev.coinslot.domain.loyalty.LoyaltyRules(1_000, List.of(),
                        List.of(new dev.coinslot.domain.loyalty.StampCard("two",
                                new dev.coinslot.domain.loyalty.StampScope.AnyPurchase(), 2, Credits.of(5))),
                        Credits.ZERO, Credits.ZERO, dev.coinslot.domain.loyalty.LoyaltyRules.allExpire(3))));
        dev.coinslot.domain.Sku sku = new dev.coinslot.domain.Sku("sku", "Sku", dev.coinslot.domain.SkuKind.STICKER,
                Credits.of(100), List.of());
        Wallet wallet = funded.after();
        List<Purchase> bought = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = "pur_" + i + UUID.randomUUID().toString().substring(0, 8);
            dev.coinslot.application.loyalty.PurchaseLoyalty.Rewarded rewarded = loyalty.apply(
                    wallet.purchase(Credits.of(100), now, "purchase:" + id), id, sku, now);
            WalletChange change = rewarded.change();
            Purchase purchase = new Purchase(id, user, "sku", 1, Credits.of(100), Credits.of(100), change.after().balance(),
                    now, change.lots(), LotTake.value(change.lots()), Optional.empty(), List.of(), List.of(),
                    rewarded.earned(), rewarded.stamped());
            assertInstanceOf(PurchaseWrite.Committed.class, s.wallets().commitPurchase(change, purchase,
                    new CheckoutIdempotency(user, "k" + i, "hash", purchase, Optional.empty(), now.plus(Duration.ofHours(48)))));
            bought.add(purchase);
            wallet = change.after();
        }
        // 1 top-up; purchase 1 (cashback 10); purchase 2 (cashback 9: the first's cashback paid 10 of it; the card of two)
        assertEquals(List.of("CASHBACK"), bought.get(0).earned().stream().map(r -> r.type().name()).toList());
        assertEquals(List.of("CASHBACK", "STAMP_REWARD"), bought.get(1).earned().stream().map(r -> r.type().name()).toList());
        assertEquals(wallet, s.wallets().findWallet(user).orElseThrow(), "lots, balance and loyalty state as written");
        // the idempotency record answers the purchase as it was (which lots paid stays on its ledger entry only)
        Purchase answered = s.wallets().findCheckoutIdempotency(user, "k1").orElseThrow().purchase();
        assertEquals(bought.get(1).earned(), answered.earned());
        assertEquals(bought.get(1).balanceAfter(), answered.balanceAfter());

        List<LedgerEntry> all = s.wallets().ledger(user, 100, Optional.empty()).entries();
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), all.stream().map(LedgerEntry::sequence).toList());
        assertEquals(List.of(LedgerEntryType.STAMP_REWARD, LedgerEntryType.CASHBACK, LedgerEntryType.PURCHASE,
                LedgerEntryType.CASHBACK, LedgerEntryType.PURCHASE, LedgerEntryType.TOP_UP),
                all.stream().map(LedgerEntry::type).toList());
        assertEquals("reward:" + bought.get(1).id() + ":stamp-two", all.get(0).reference());
        assertEquals(wallet.balance(), all.get(0).balanceAfter());
        assertEquals(wallet.balance().minus(Credits.of(9 + 5)), all.get(2).balanceAfter(), "the purchase entry: after the debit");
        for (int limit = 1; limit <= 4; limit++) {
            List<LedgerEntry> paged = new java.util.ArrayList<>();
            Optional<Long> before = Optional.empty();
            do {
                WalletStore.LedgerPage page = s.wallets().ledger(user, limit, before);
                assertTrue(page.entries().size() <= limit);
                paged.addAll(page.entries());
                before = page.nextBefore();
            } while (before.isPresent());
            assertEquals(all, paged, "pages of " + limit);
        }
        java.time.LocalDate expiryDay = java.time.LocalDate.ofInstant(bought.get(0).earned().get(0).expiresAt(),
                java.time.ZoneOffset.UTC);
        assertTrue(s.wallets().walletsExpiringOn(expiryDay).contains(user), "the rewards' expiry day is scheduled");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void limits_guardianManaged_refuseTheOwner(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        SpendLimits managed = new SpendLimits(Optional.empty(), Optional.of(Credits.of(50)), Optional.empty(), true);

        String guardian = linkGuardian(s, user);

        assertInstanceOf(WalletStore.LimitsWrite.Updated.class, s.wallets().setLimits(user, managed, Optional.of(guardian)));
        assertInstanceOf(WalletStore.LimitsWrite.ManagedByGuardian.class,
                s.wallets().setLimits(user, SpendLimits.NONE, Optional.empty()));

        // version 3: invitation, link, the guardian's limits (every write of the wallet item bumps it); no ledger entry
        assertEquals(new Wallet(user, Credits.ZERO, WalletStatus.ACTIVE, 3, managed, Wallet.empty(user).spent(),
                Optional.empty(), Optional.empty(), 0), s.wallets().findWallet(user).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void limits_fromAnotherGuardian_areRefused_andWriteNothing(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        grant(s.wallets(), user, 10);
        String guardian = linkGuardian(s, user);
        SpendLimits managed = new SpendLimits(Optional.empty(), Optional.of(Credits.of(50)), Optional.empty(), true);
        assertInstanceOf(WalletStore.LimitsWrite.Updated.class, s.wallets().setLimits(user, managed, Optional.of(guardian)));
        Wallet before = s.wallets().findWallet(user).orElseThrow();

        assertInstanceOf(WalletStore.LimitsWrite.NotGuardian.class, s.wallets().setLimits(user,
                new SpendLimits(Optional.empty(), Optional.of(Credits.of(5_000)), Optional.empty(), true),
                Optional.of("guardian-other")));
        assertInstanceOf(WalletStore.LimitsWrite.NotGuardian.class, s.wallets().setLimits(user, SpendLimits.NONE,
                Optional.of(user)), "the owner posing as a guardian");

        assertEquals(before, s.wallets().findWallet(user).orElseThrow());
        assertEquals(managed, before.limits());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void limits_fromAGuardian_ofAWalletWithoutOne_orMissing_areRefused_andCreateNothing(
            java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String owned = user();
        String missing = user();
        s.wallets().setLimits(owned, new SpendLimits(Optional.of(Credits.of(30)), Optional.empty(), Optional.empty(), false),
                Optional.empty());
        Wallet before = s.wallets().findWallet(owned).orElseThrow();
        SpendLimits managed = new SpendLimits(Optional.empty(), Optional.of(Credits.of(1)), Optional.empty(), true);

        assertInstanceOf(WalletStore.LimitsWrite.NotGuardian.class, s.wallets().setLimits(owned, managed, Optional.of("g")));
        assertInstanceOf(WalletStore.LimitsWrite.NotGuardian.class, s.wallets().setLimits(missing, managed, Optional.of("g")));

        assertEquals(before, s.wallets().findWallet(owned).orElseThrow());
        assertEquals(Optional.empty(), s.wallets().findWallet(missing), "a guardian can neither create nor probe wallets");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void guardianLink_codeWorksOnce_replaysForItsGuardian_unlinkHandsTheLimitsBack(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Instant now = s.clock().instant();
        String guardian = linkGuardian(s, user);
        String codeHash = "hash-" + user;
        SpendLimits managed = new SpendLimits(Optional.empty(), Optional.of(Credits.of(50)), Optional.empty(), true);
        s.wallets().setLimits(user, managed, Optional.of(guardian));

        assertEquals(new GuardianStore.LinkWrite.Linked(user, now, true), s.guardians().accept(codeHash, guardian,
                now.plusSeconds(60)));
        assertInstanceOf(GuardianStore.LinkWrite.NoSuchInvite.class, s.guardians().accept(codeHash, "guardian-other", now));
        assertInstanceOf(GuardianStore.InviteWrite.GuardianAlreadyLinked.class,
                s.guardians().createInvite(user, "hash2-" + user, now, now.plus(Duration.ofHours(1))));
        assertInstanceOf(GuardianStore.UnlinkWrite.NotLinked.class, s.guardians().unlink(user, "guardian-other", now));

        assertInstanceOf(GuardianStore.UnlinkWrite.Unlinked.class, s.guardians().unlink(user, guardian, now));
        assertInstanceOf(GuardianStore.UnlinkWrite.Unlinked.class, s.guardians().unlink(user, guardian, now), "a repeat");

        assertInstanceOf(WalletStore.LimitsWrite.NotGuardian.class, s.wallets().setLimits(user, SpendLimits.NONE,
                Optional.of(guardian)));
        assertEquals(new SpendLimits(Optional.empty(), Optional.of(Credits.of(50)), Optional.empty(), false),
                s.wallets().findWallet(user).orElseThrow().limits(), "the limits stay, now the owner's");
        assertInstanceOf(WalletStore.LimitsWrite.Updated.class, s.wallets().setLimits(user, SpendLimits.NONE,
                Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void guardianInvite_expiredReplacedOrOwn_linksNobody(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Instant now = s.clock().instant();
        String first = "hash-a-" + user;
        String second = "hash-b-" + user;
        s.guardians().createInvite(user, first, now, now.plus(Duration.ofHours(1)));
        s.guardians().createInvite(user, second, now, now.plus(Duration.ofHours(1)));

        assertInstanceOf(GuardianStore.LinkWrite.NoSuchInvite.class, s.guardians().accept(first, "g1", now), "replaced");
        assertInstanceOf(GuardianStore.LinkWrite.NoSuchInvite.class, s.guardians().accept("hash-unknown-" + user, "g1", now));
        assertInstanceOf(GuardianStore.LinkWrite.OwnInvite.class, s.guardians().accept(second, user, now));
        assertInstanceOf(GuardianStore.LinkWrite.NoSuchInvite.class, s.guardians().accept(second, "g1",
                now.plus(Duration.ofHours(1))), "expired");

        assertInstanceOf(WalletStore.LimitsWrite.NotGuardian.class, s.wallets().setLimits(user, SpendLimits.NONE,
                Optional.of("g1")));
        assertInstanceOf(GuardianStore.UnlinkWrite.NotLinked.class, s.guardians().unlink(user, "g1", now));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void hourlyTopUpSlot_capReached_isRefused_theSameTopUpKeepsItsSlot_andTheNextHourIsFresh(
            java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Instant hour = Instant.parse("2026-11-20T12:00:00Z");

        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_1", hour, 2));
        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_2", hour, 2));
        assertFalse(s.topUps().takeHourlyTopUpSlot(user, "top_3", hour, 2), "cap of 2 reached");
        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_1", hour, 2), "a retried top-up keeps its slot");
        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_2", hour, 2));
        assertFalse(s.topUps().takeHourlyTopUpSlot(user, "top_3", hour, 2), "retaken slots took no new ones");

        Instant next = hour.plus(Duration.ofHours(1));
        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_3", next, 2), "another hour has its own slots");
        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_4", next, 2));
        assertFalse(s.topUps().takeHourlyTopUpSlot(user, "top_5", next, 2));
        assertTrue(s.topUps().takeHourlyTopUpSlot(user(), "top_5", next, 2), "another user has their own slots");
        assertFalse(s.topUps().takeHourlyTopUpSlot(user, "top_5", hour, 2));
        assertTrue(s.topUps().takeHourlyTopUpSlot(user, "top_5", hour, 3), "the cap is the caller's, checked per write");
        assertFalse(s.topUps().takeHourlyTopUpSlot(user, "top_6", hour, 3));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void autoTopUp_needsTheSavedCardACreditedPaymentLeaves(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        assertInstanceOf(WalletStore.AutoTopUpWrite.NoSavedCard.class,
                s.wallets().setAutoTopUp(user, true, "plus", Money.of(5000, "USD")));
        assertEquals("cus_1", s.topUps().linkPaymentCustomer(user, "cus_1"));
        assertEquals("cus_1", s.topUps().linkPaymentCustomer(user, "cus_2"), "the first link stands");
        Wallet wallet = s.wallets().findWallet(user).orElseThrow();
        TopUp topUp = topUp(user, "top_a", TopUpStatus.PENDING);
        assertInstanceOf(Write.Committed.class, s.reconciliation().creditTopUp(topUpChange(wallet, topUp, "topup:top_a"), topUp, Optional.of("pm_1"),
                Optional.empty(), "evt_a", "payment_intent.succeeded"));

        assertInstanceOf(WalletStore.AutoTopUpWrite.Updated.class,
                s.wallets().setAutoTopUp(user, true, "plus", Money.of(5000, "USD")));

        Wallet after = s.wallets().findWallet(user).orElseThrow();
        assertEquals(Credits.of(1100), after.balance());
        assertEquals("pm_1", after.savedCard().orElseThrow().paymentMethodId());
        assertTrue(after.activeAutoTopUp().isPresent());
        assertEquals(Optional.of("cus_1"), s.topUps().findPaymentCustomer(user));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void creditTopUp_once_andTheTopUpGuardWinsOverAStaleWallet(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Wallet empty = Wallet.empty(user);
        TopUp topUp = topUp(user, "top_b", TopUpStatus.SUCCEEDED);
        WalletChange entry = topUpChange(empty, topUp, "topup:top_b");

        assertInstanceOf(Write.Committed.class, s.reconciliation().creditTopUp(entry, topUp, Optional.empty(),
                Optional.empty(), user + "-e1", "t"));
        assertInstanceOf(Write.AlreadyApplied.class, s.reconciliation().creditTopUp(entry, topUp, Optional.empty(),
                Optional.empty(), user + "-e2", "t"));
        assertFalse(s.reconciliation().markTopUpFailed(topUp, user + "-e3", "t"), "a credited top-up never turns FAILED");

        assertEquals(TopUpStatus.SUCCEEDED, s.reconciliation().findTopUp(user, "top_b").orElseThrow().status());
        assertEquals(Optional.of(new ReconciliationStore.PaymentRef(user, "top_b")), s.reconciliation().findPayment("pi_top_b"));
        assertTrue(s.reconciliation().eventProcessed(user + "-e1"));
        assertFalse(s.reconciliation().eventProcessed(user + "-e2"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void creditTopUp_onAStaleWallet_isWalletChanged_andWritesNothing(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Wallet empty = Wallet.empty(user);
        grant(s.wallets(), user, 3);
        TopUp topUp = topUp(user, "top_c", TopUpStatus.SUCCEEDED);

        Write write = s.reconciliation().creditTopUp(topUpChange(empty, topUp, "topup:top_c"), topUp, Optional.empty(), Optional.empty(),
                user + "-e1", "t");

        assertInstanceOf(Write.WalletChanged.class, write);
        assertTrue(s.reconciliation().findTopUp(user, "top_c").isEmpty());
        assertFalse(s.reconciliation().eventProcessed(user + "-e1"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void disputes_openOnce_closeNeedsTheSetAsRead_andClawBackIsGuardedByTheClawedBackTotal(
            java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        Wallet empty = Wallet.empty(user);
        TopUp topUp = topUp(user, "top_d", TopUpStatus.SUCCEEDED);
        s.reconciliation().creditTopUp(topUpChange(empty, topUp, "topup:top_d"), topUp, Optional.empty(), Optional.empty(), user + "-e1", "t");

        assertInstanceOf(Write.Committed.class, s.reconciliation().openDispute(user, "top_d", "dp_1", user + "-e2", "t"));
        assertInstanceOf(Write.AlreadyApplied.class, s.reconciliation().openDispute(user, "top_d", "dp_1", user + "-e3", "t"));
        WalletState one = s.reconciliation().findWalletState(user).orElseThrow();
        assertEquals(WalletStatus.FROZEN, one.wallet().status());
        assertEquals(Set.of("dp_1"), one.openDisputes());
        s.reconciliation().openDispute(user, "top_d", "dp_2", user + "-e4", "t");

        TopUp disputed = s.reconciliation().findTopUp(user, "top_d").orElseThrow();
        assertInstanceOf(Write.WalletChanged.class, s.reconciliation().closeDispute(one, disputed, "dp_1", TopUpStatus.SUCCEEDED,
                user + "-e5", "t"), "the dispute set changed since it was read");
        WalletState two = s.reconciliation().findWalletState(user).orElseThrow();
        WalletChange clawback = two.wallet().clawBack(LedgerEntryType.DISPUTE_CLAWBACK, "top_d", Credits.of(1100),
                "dispute:dp_1", InMemoryCoinslot.START);
        assertInstanceOf(Write.Committed.class, s.reconciliation().clawBack(two, clawback, disputed, 1100, TopUpStatus.DISPUTED,
                Optional.of("dp_1"), user + "-e6", "t"));
        assertInstanceOf(Write.AlreadyApplied.class, s.reconciliation().clawBack(two, clawback, disputed, 1100,
                TopUpStatus.DISPUTED, Optional.of("dp_1"), user + "-e7", "t"));

        WalletState after = s.reconciliation().findWalletState(user).orElseThrow();
        assertEquals(Set.of("dp_2"), after.openDisputes());
        assertEquals(WalletStatus.FROZEN, after.wallet().status());
        assertEquals(Credits.ZERO, after.wallet().balance());
        TopUp closed = s.reconciliation().findTopUp(user, "top_d").orElseThrow();
        assertEquals(Credits.of(1100), closed.clawedBack());
        assertEquals(Optional.of("dp_1"), closed.closedDisputeId());

        assertInstanceOf(Write.Committed.class, s.reconciliation().closeDispute(after, closed, "dp_2", TopUpStatus.DISPUTED,
                user + "-e8", "t"));
        assertEquals(WalletStatus.ACTIVE, s.reconciliation().findWalletState(user).orElseThrow().wallet().status());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void autoTopUpReservation_once_conditionedOnTheCounters_andADeclineCountsOnce(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        s.topUps().linkPaymentCustomer(user, "cus_1");
        Wallet empty = s.wallets().findWallet(user).orElseThrow();
        TopUp paid = topUp(user, "top_paid", TopUpStatus.SUCCEEDED);
        s.reconciliation().creditTopUp(topUpChange(empty, paid, "topup:p"), paid, Optional.of("pm_1"), Optional.empty(), user + "-e1", "t");
        s.wallets().setAutoTopUp(user, true, "plus", Money.of(5000, "USD"));
        Wallet read = s.wallets().findWallet(user).orElseThrow();
        YearMonth month = YearMonth.of(2026, 11);
        TopUp auto = topUp(user, "top_auto", TopUpStatus.PENDING);

        assertInstanceOf(Reservation.Reserved.class, s.autoTopUps().reserve(read, auto, month));
        assertInstanceOf(Reservation.AlreadyReserved.class, s.autoTopUps().reserve(read, auto, month));
        assertInstanceOf(Reservation.WalletChanged.class, s.autoTopUps().reserve(read, topUp(user, "top_other",
                TopUpStatus.PENDING), month), "the counters moved since they were read");
        Wallet reserved = s.wallets().findWallet(user).orElseThrow();
        assertEquals(1000, reserved.autoTopUp().orElseThrow().chargedIn(month));

        assertInstanceOf(DeclineWrite.WalletChanged.class, s.autoTopUps().recordDecline(read, auto, "card_declined", 1));
        assertEquals(new DeclineWrite.Counted(true), s.autoTopUps().recordDecline(reserved, auto, "card_declined", 1));
        assertInstanceOf(DeclineWrite.AlreadyCounted.class, s.autoTopUps().recordDecline(reserved, auto, "card_declined", 1));

        var setting = s.wallets().findWallet(user).orElseThrow().autoTopUp().orElseThrow();
        assertEquals(0, setting.chargedIn(month), "the declined amount went back to the cap");
        assertEquals(1, setting.consecutiveFailures());
        assertFalse(setting.enabled());
        assertEquals(Optional.of("1 consecutive declined charges"), setting.disabledReason());
        assertEquals(TopUpStatus.FAILED, s.topUps().findTopUp(user, "top_auto").orElseThrow().status());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void declinedAutoTopUp_marksCapReleased_andItsLateCredit_needsThatReadAndTheCountersAsRead_thenCountsInTheCap(
            java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        s.topUps().linkPaymentCustomer(user, "cus_1");
        Wallet empty = s.wallets().findWallet(user).orElseThrow();
        TopUp paid = topUp(user, "top_paid", TopUpStatus.SUCCEEDED);
        s.reconciliation().creditTopUp(topUpChange(empty, paid, "topup:p"), paid, Optional.of("pm_1"), Optional.empty(), user + "-e1", "t");
        s.wallets().setAutoTopUp(user, true, "plus", Money.of(5000, "USD"));
        YearMonth month = YearMonth.of(2026, 11);
        TopUp auto = topUp(user, "top_auto", TopUpStatus.PENDING);
        assertInstanceOf(Reservation.Reserved.class, s.autoTopUps().reserve(s.wallets().findWallet(user).orElseThrow(), auto,
                month));
        TopUp readBeforeDecline = s.reconciliation().findTopUp(user, "top_auto").orElseThrow();
        Wallet reserved = s.wallets().findWallet(user).orElseThrow();
        assertFalse(readBeforeDecline.capReleased());

        assertEquals(new DeclineWrite.Counted(false), s.autoTopUps().recordDecline(reserved, auto, "card_declined", 3));

        TopUp declined = s.reconciliation().findTopUp(user, "top_auto").orElseThrow();
        assertTrue(declined.capReleased());
        assertEquals(TopUpStatus.FAILED, declined.status());
        Wallet released = s.wallets().findWallet(user).orElseThrow();
        assertEquals(0, released.autoTopUp().orElseThrow().chargedIn(month));
        WalletChange entry = topUpChange(released, auto, "topup:top_auto");
        assertInstanceOf(Write.AlreadyApplied.class, s.reconciliation().creditTopUp(entry, readBeforeDecline,
                Optional.empty(), Optional.empty(), user + "-e2", "t"), "a decline counted since the top-up was read");
        assertInstanceOf(Write.WalletChanged.class, s.reconciliation().creditTopUp(topUpChange(reserved, auto, "topup:top_auto"), declined,
                Optional.empty(), Optional.of(month), user + "-e3", "t"), "the cap counters moved since the wallet was read");
        assertEquals(Credits.of(1100), s.wallets().findWallet(user).orElseThrow().balance(), "neither wrote anything");

        assertInstanceOf(Write.Committed.class, s.reconciliation().creditTopUp(entry, declined, Optional.empty(),
                Optional.of(month), user + "-e4", "t"));
        assertInstanceOf(Write.AlreadyApplied.class, s.reconciliation().creditTopUp(entry, declined,
                Optional.empty(), Optional.of(month), user + "-e5", "t"));

        Wallet after = s.wallets().findWallet(user).orElseThrow();
        assertEquals(Credits.of(2200), after.balance());
        assertEquals(1000, after.autoTopUp().orElseThrow().chargedIn(month), "counted in the cap again, once");
        assertEquals(TopUpStatus.SUCCEEDED, s.reconciliation().findTopUp(user, "top_auto").orElseThrow().status());
        assertTrue(s.reconciliation().eventProcessed(user + "-e4"));
        assertFalse(s.reconciliation().eventProcessed(user + "-e3"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void creditTopUp_endsTheRunOfDeclines_evenWithoutAPaymentMethod(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        s.topUps().linkPaymentCustomer(user, "cus_1");
        Wallet empty = s.wallets().findWallet(user).orElseThrow();
        TopUp paid = topUp(user, "top_paid", TopUpStatus.SUCCEEDED);
        s.reconciliation().creditTopUp(topUpChange(empty, paid, "topup:p"), paid, Optional.of("pm_1"), Optional.empty(), user + "-e1", "t");
        s.wallets().setAutoTopUp(user, true, "plus", Money.of(5000, "USD"));
        YearMonth month = YearMonth.of(2026, 11);
        TopUp declined = topUp(user, "top_declined", TopUpStatus.PENDING);
        s.autoTopUps().reserve(s.wallets().findWallet(user).orElseThrow(), declined, month);
        s.autoTopUps().recordDecline(s.wallets().findWallet(user).orElseThrow(), declined, "card_declined", 3);
        TopUp succeeds = topUp(user, "top_succeeds", TopUpStatus.PENDING);
        assertInstanceOf(Reservation.Reserved.class, s.autoTopUps().reserve(s.wallets().findWallet(user).orElseThrow(),
                succeeds, month));
        Wallet read = s.wallets().findWallet(user).orElseThrow();
        assertEquals(1, read.autoTopUp().orElseThrow().consecutiveFailures());

        assertInstanceOf(Write.Committed.class, s.reconciliation().creditTopUp(topUpChange(read, succeeds, "topup:top_succeeds"), succeeds,
                Optional.empty(), Optional.empty(), user + "-e2", "auto_top_up.succeeded"));

        Wallet after = s.wallets().findWallet(user).orElseThrow();
        assertEquals(0, after.autoTopUp().orElseThrow().consecutiveFailures(), "a success ends the run of declines");
        assertEquals(1000, after.autoTopUp().orElseThrow().chargedIn(month), "the reserved success stays in the cap");
        assertEquals("pm_1", after.savedCard().orElseThrow().paymentMethodId(), "no payment method: the card is kept");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void recordTopUp_keyOnce_keepsACreditedStatus_andExpires(java.util.function.Supplier<Stores> impl) {
        Stores s = impl.get();
        String user = user();
        TopUp credited = topUp(user, "top_e", TopUpStatus.SUCCEEDED);
        Wallet empty = Wallet.empty(user);
        s.reconciliation().creditTopUp(topUpChange(empty, credited, "topup:top_e"), credited, Optional.empty(), Optional.empty(), user + "-e1", "t");
        TopUpIdempotency record = new TopUpIdempotency(user, "k1", "h1", "top_e", "pi_top_e",
                InMemoryCoinslot.START.plus(Duration.ofHours(48)));

        assertInstanceOf(TopUpStore.TopUpWrite.Committed.class,
                s.topUps().recordTopUp(topUp(user, "top_e", TopUpStatus.PENDING), record));
        assertEquals(new TopUpStore.TopUpWrite.KeyExists(record), s.topUps().recordTopUp(topUp(user, "top_f",
                TopUpStatus.PENDING), new TopUpIdempotency(user, "k1", "h2", "top_f", "pi_top_f", record.expiresAt())));

        assertEquals(TopUpStatus.SUCCEEDED, s.topUps().findTopUp(user, "top_e").orElseThrow().status());
        assertTrue(s.topUps().findTopUp(user, "top_f").isEmpty());
        s.clock().advance(Duration.ofHours(49));
        assertTrue(s.topUps().findTopUpIdempotency(user, "k1").isEmpty());
    }
}

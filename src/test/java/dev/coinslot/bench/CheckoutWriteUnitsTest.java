package dev.coinslot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbWalletStore;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.loyalty.PurchaseLoyalty;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.domain.loyalty.StampCard;
import dev.coinslot.domain.loyalty.StampScope;
import dev.coinslot.domain.loyalty.StreakMilestone;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import dev.coinslot.support.fakes.MutableClock;
import dev.coinslot.support.fakes.TestConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Write units of one checkout, counted on what the adapter really sends to DynamoDB Local: the items of its one
 * TransactWriteItems and their sizes by DynamoDB's rules ({@link ItemSize}; DynamoDB Local reports no capacity). The
 * wallet is the largest a wallet gets: {@link Lots#MAX_LOTS} lots with the longest origins, spending limits, a saved
 * card, auto top-up and a guardian; the purchase draws from every lot, so its record lists all of them. With loyalty on,
 * the measured checkout earns every purchase reward at once (cashback, a streak milestone, a completed stamp card) on a
 * UTC day the wallet held no expiring credits for yet, so it also writes that day's expiry-schedule item.
 */
class CheckoutWriteUnitsTest {

    /** The items of every TransactWriteItems the client sent. */
    private final List<List<TransactWriteItem>> transactions = new ArrayList<>();

    @Test
    void checkout_ofTheLargestWallet_writesThreeItems_inSixWriteUnits() {
        int wcu = measure(Optional.empty(), 0);
        assertEquals(6, wcu, "3 items × 2 (transactional), was 4 items × 2 = 8 before the purchase became its ledger entry");
    }

    /**
     * An offer purchase on the same wallet: the wallet item also counts the offer's units ({@code offerUses}) and the
     * purchase's ledger entry names the offer; the storefront's 30-day spend history is full (30 days with purchases).
     */
    @Test
    void offerCheckout_ofTheLargestWalletWithAFullStoreHistory_writesThreeItems() {
        int wcu = measure(Optional.of("starter-offer-2026"), 30);
        // measured: wallet 1022 B with 30 days of spend and one offer: 2 B from the next KB
        assertEquals(6, wcu, "3 items × 2 (transactional), the wallet item with a full 30-day spend history still under 1 KB");
    }

    /**
     * Loyalty on, the state on the wallet item: the purchase earns cashback, the 3-day streak milestone and completes a
     * 3-stamp card (the two purchases before it on the two days before); the rewards' entries ride on the purchase's
     * ledger item, the new expiry day adds its schedule item.
     */
    @Test
    void rewardedCheckout_ofTheLargestWallet_earningEveryReward() {
        int wcu = measure(Optional.empty(), 3, Optional.of(loyalty(3)));
        // measured: wallet 750 B, idempotency 530 B, purchase entry 893 B with three rewards, schedule item 146 B
        assertEquals(8, wcu, "wallet, idempotency, purchase entry with its rewards (each under 1 KB) + the schedule item");
    }

    /** The offer purchase with a full 30-day store history, loyalty on: a 30-day streak and a 30-stamp card complete. */
    @Test
    void rewardedOfferCheckout_ofTheLargestWalletWithAFullStoreHistory_earningEveryReward() {
        int wcu = measure(Optional.of("starter-offer-2026"), 30, Optional.of(loyalty(30)));
        // measured: wallet 852 B with the loyalty state (774 B without), purchase entry 919 B with three rewards
        assertEquals(8, wcu, "wallet, idempotency, purchase entry with its rewards (each under 1 KB) + the schedule item");
    }

    /**
     * A second rewarded purchase the same UTC day: its cashback expires on the day the first one's does (one lot, one
     * schedule item already written), so the checkout is back to three items.
     */
    @Test
    void rewardedCheckout_secondOfTheDay_writesThreeItems() {
        sameDayBefore = true;
        int wcu = measure(Optional.empty(), 3, Optional.of(loyalty(3)));
        assertEquals(6, wcu, "the loyalty state and the rewards' entries add no item and keep every item under 1 KB");
    }

    /**
     * A purchase priced by a running experiment's variant: its conversion (the buyer's exposure item: variant, first
     * exposure, purchases, credits) is the transaction's fourth item since it stopped being an UpdateItem of its own.
     */
    @Test
    void experimentCheckout_ofTheLargestWallet_addsItsConversionItem_inTheSameRequest() {
        conversion = Optional.of(new WalletStore.Conversion("sticker-price-2026-12", "b"));
        int wcu = measure(Optional.empty(), 0);
        assertEquals(8, wcu, "3 items + the exposure item (under 1 KB), × 2 (transactional); before: 6 + a 1-WCU UpdateItem");
    }

    /** Whether {@link #measure} buys once more earlier the same day before the measured purchase. */
    private boolean sameDayBefore;
    /** The conversion the measured purchase counts, if it is experiment-priced. */
    private Optional<WalletStore.Conversion> conversion = Optional.empty();

    /** Cashback 1 %, a streak milestone at {@code days}, a stamp card of every {@code days} purchases (any purchase). */
    private static PurchaseLoyalty loyalty(int days) {
        return new PurchaseLoyalty(new LoyaltyProgram(new LoyaltyRules(100, List.of(new StreakMilestone(days, Credits.of(50))),
                List.of(new StampCard("sticker-collector", new StampScope.AnyPurchase(), days, Credits.of(100))),
                Credits.ZERO, Credits.ZERO, LoyaltyRules.allExpire(30))));
    }

    private static final Sku STICKER = new Sku("sticker-pack", "Sticker pack", SkuKind.STICKER, Credits.of(1), List.of());

    private int measure(Optional<String> offerId, int historyDays) {
        return measure(offerId, historyDays, Optional.empty());
    }

    /**
     * The write units of one checkout of the largest wallet, after {@code historyDays} earlier days with a purchase,
     * with {@code loyalty}'s rewards if present.
     */
    private int measure(Optional<String> offerId, int historyDays, Optional<PurchaseLoyalty> loyalty) {
        new DynamoDbLocalResource().start();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest tx) {
                    transactions.add(tx.transactItems());
                }
            }
        };
        try (DynamoDbClient client = DynamoDbLocalResource.client(List.of(capture))) {
            TableInitializer.createIfMissing(client, TestConfig.TABLE);
            MutableClock clock = new MutableClock(InMemoryCoinslot.START);
            WalletStore store = new DynamoDbWalletStore(client, TestConfig.defaults().coinslot(), clock);
            String user = "wcu-" + UUID.randomUUID();
            Wallet wallet = largestWallet(client, store, user, clock.instant());
            for (int day = historyDays - 1; day >= 1; day--) {
                // one small purchase on each of the earlier days (the limits and expiries are far away)
                wallet = buy(store, wallet, Credits.of(1), clock.instant().minus(Duration.ofDays(day)), Optional.empty(), loyalty);
            }
            if (sameDayBefore) {
                wallet = buy(store, wallet, Credits.of(1), clock.instant().minus(Duration.ofHours(1)), Optional.empty(), loyalty);
            }
            assertEquals(Lots.MAX_LOTS, wallet.lots().lots().size());

            transactions.clear();
            Instant now = clock.instant();
            Credits total = Credits.of(wallet.balance().amount() - 1);
            String purchaseId = "pur_" + HexFormat.of().formatHex(new byte[12]);
            WalletChange change = wallet.purchase(total, now, "purchase:" + purchaseId, offerId, 1);
            PurchaseLoyalty.Rewarded rewarded = rewarded(loyalty, change, purchaseId, now);
            change = rewarded.change();
            Purchase purchase = new Purchase(purchaseId, user, "sticker-pack", 1, total,
                    total, change.after().balance(), now, change.lots(), LotTake.value(change.lots()), offerId, List.of(),
                    List.of(), rewarded.earned(), rewarded.stamped());
            if (loyalty.isPresent() && !sameDayBefore) {
                assertEquals(List.of(RewardType.CASHBACK, RewardType.STREAK_REWARD, RewardType.STAMP_REWARD),
                        purchase.earned().stream().map(r -> r.type()).toList(), "the measured purchase earns every reward");
            }
            assertEquals(Lots.MAX_LOTS, purchase.lots().size(), "the purchase drew from every lot");
            CheckoutIdempotency record = new CheckoutIdempotency(user, UUID.randomUUID().toString(), "h".repeat(64), purchase,
                    Optional.empty(), now.plus(Duration.ofHours(48)));
            assertInstanceOf(PurchaseWrite.Committed.class, store.commitPurchase(change, purchase, record, List.of(), conversion));

            assertEquals(1, transactions.size(), "one DynamoDB request");
            List<TransactWriteItem> items = transactions.get(0);
            assertTrue(loyalty.isEmpty() || !purchase.earned().isEmpty(), "the measured purchase earns");
            assertEquals((loyalty.isPresent() && !sameDayBefore ? 4 : 3) + (conversion.isPresent() ? 1 : 0), items.size(),
                    "wallet, idempotency record, purchase ledger entry (and with a reward, its expiry day's schedule; with an "
                            + "experiment price, the conversion): " + items);
            Map<String, Integer> bytes = new LinkedHashMap<>();
            bytes.put("wallet", ItemSize.bytes(client.getItem(b -> b.tableName(TestConfig.TABLE).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("WALLET#" + user), "sk", AttributeValue.fromS("WALLET")))).item()));
            for (TransactWriteItem item : items) {
                if (item.put() != null) {
                    bytes.put(item.put().item().get("sk").s().split("#")[0], ItemSize.bytes(item.put().item()));
                }
            }
            conversion.ifPresent(c -> bytes.put("exposure", ItemSize.bytes(client.getItem(b -> b.tableName(TestConfig.TABLE)
                    .consistentRead(true).key(Map.of("pk", AttributeValue.fromS("EXPOSURE#" + c.experimentId()),
                            "sk", AttributeValue.fromS(user)))).item())));
            int wcu = bytes.values().stream().mapToInt(ItemSize::transactionalWcu).sum();
            System.out.printf("checkout write units: offer=%s storeDays=%d loyalty=%s items=%s bytes=%s transactionalWcu=%d%n",
                    offerId.orElse("-"), wallet.store().spent().perDay().size() + 1, loyalty.isPresent(), items.size(), bytes,
                    wcu);
            bytes.forEach((kind, size) -> assertTrue(size <= 1024, kind + " item must stay within 1 KB: " + size));
            return wcu;
        }
    }

    private static PurchaseLoyalty.Rewarded rewarded(Optional<PurchaseLoyalty> loyalty, WalletChange change,
            String purchaseId, Instant at) {
        return loyalty.map(l -> l.apply(change, purchaseId, STICKER, at))
                .orElseGet(() -> new PurchaseLoyalty.Rewarded(change, List.of(), List.of()));
    }

    private static Wallet buy(WalletStore store, Wallet wallet, Credits total, Instant at, Optional<String> offerId,
            Optional<PurchaseLoyalty> loyalty) {
        String purchaseId = "pur_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        PurchaseLoyalty.Rewarded rewarded = rewarded(loyalty, wallet.purchase(total, at, "purchase:" + purchaseId, offerId, 1),
                purchaseId, at);
        WalletChange change = rewarded.change();
        Purchase purchase = new Purchase(purchaseId, wallet.ownerId(), "sticker", 1, total, total, change.after().balance(), at,
                change.lots(), LotTake.value(change.lots()), offerId, List.of(), List.of(), rewarded.earned(),
                rewarded.stamped());
        assertInstanceOf(PurchaseWrite.Committed.class, store.commitPurchase(change, purchase, new CheckoutIdempotency(
                wallet.ownerId(), UUID.randomUUID().toString(), "h".repeat(64), purchase, Optional.empty(),
                at.plus(Duration.ofHours(48)))));
        return change.after();
    }

    /** {@link Lots#MAX_LOTS} lots (four top-ups, each a paid lot and a bonus expiring on its own day) and every setting. */
    private static Wallet largestWallet(DynamoDbClient client, WalletStore store, String user, Instant now) {
        Wallet wallet = Wallet.empty(user);
        for (int i = 0; i < Lots.MAX_LOTS / 2; i++) {
            String topUpId = "top_" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 12);
            List<Lot> lots = List.of(Lot.paid(100_000, Money.of(99_999, "USD"), now.plusSeconds(i), topUpId),
                    Lot.promo(LotSource.BONUS, 20_000, now.plusSeconds(i), Optional.of(now.plus(Duration.ofDays(365 + i))),
                            topUpId));
            WalletChange change = wallet.credit(LedgerEntryType.TOP_UP, lots, "topup:" + topUpId, now);
            assertInstanceOf(LedgerWrite.Committed.class, store.appendEntry(change));
            wallet = change.after();
        }
        store.setLimits(user, new SpendLimits(Optional.of(Credits.of(1_000_000_000)), Optional.of(Credits.of(1_000_000_000)),
                Optional.of(Credits.of(1_000_000_000)), true), Optional.empty());
        Map<String, AttributeValue> settings = new LinkedHashMap<>();
        settings.put(":cus", AttributeValue.fromS("cus_" + "C".repeat(14)));
        settings.put(":pm", AttributeValue.fromS("pm_" + "P".repeat(24)));
        settings.put(":on", AttributeValue.fromBool(true));
        settings.put(":pack", AttributeValue.fromS("starter"));
        settings.put(":cap", AttributeValue.fromN("50000"));
        settings.put(":usd", AttributeValue.fromS("USD"));
        settings.put(":month", AttributeValue.fromS("2026-11"));
        settings.put(":charged", AttributeValue.fromN("49999"));
        settings.put(":failures", AttributeValue.fromN("2"));
        settings.put(":guardian", AttributeValue.fromS(UUID.randomUUID().toString()));
        settings.put(":since", AttributeValue.fromS(now.toString()));
        client.updateItem(b -> b.tableName(TestConfig.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("WALLET#" + user), "sk", AttributeValue.fromS("WALLET")))
                .updateExpression("SET stripeCustomerId = :cus, savedPaymentMethod = :pm, autoEnabled = :on, autoPackId = :pack,"
                        + " autoCapMinor = :cap, autoCapCurrency = :usd, autoMonth = :month, autoChargedMinor = :charged,"
                        + " autoFailures = :failures, guardianId = :guardian, guardianSince = :since")
                .expressionAttributeValues(settings));
        return store.findWallet(user).orElseThrow();
    }
}

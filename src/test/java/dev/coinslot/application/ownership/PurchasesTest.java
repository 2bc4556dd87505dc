package dev.coinslot.application.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.Ids;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.checkout.CheckoutService;
import dev.coinslot.application.ownership.Entitlements.ConsumeOutcome;
import dev.coinslot.application.ownership.Purchases.RefundOutcome;
import dev.coinslot.application.store.CatalogSource;
import dev.coinslot.application.wallet.WalletSnapshots;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.ownership.Grant;
import dev.coinslot.support.fakes.InMemoryCatalogStore;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import dev.coinslot.support.fakes.InMemoryOwnershipStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ownership services' decisions on the in-memory stores, with a clock the test moves. */
class PurchasesTest {

    private static final String USER = "user-1";

    private final InMemoryCoinslot app = new InMemoryCoinslot();
    private final InMemoryOwnershipStore store = new InMemoryOwnershipStore(app.table);
    private final Catalog catalog = Catalog.of(List.of(
            new Sku("cat", "Cat", SkuKind.STICKER, Credits.of(10), List.of(), Optional.of(new Grant.Consumable(2))),
            new Sku("hat", "Hat", SkuKind.COSMETIC, Credits.of(30), List.of(), Optional.of(new Grant.Permanent())),
            new Sku("pass", "Pass", SkuKind.PASS, Credits.of(20), List.of(), Optional.of(new Grant.Pass(Duration.ofHours(1))))));
    private final CatalogSource catalogs = new CatalogSource(new InMemoryCatalogStore(), catalog, app.clock,
            app.storeSettings);
    private final CheckoutService checkout = new CheckoutService(catalogs, app.storeSettings, app.random, app.packs, app.wallets,
            app.snapshots, app.autoTopUps, app.clock, app.config, new Ids(), app.experiments, app.loyalty);
    private final Purchases purchases = new Purchases(store, app.wallets, app.clock, app.config,
            new RefundSettings(Duration.ofMinutes(15), 3), app.expiry, app.loyalty);
    private final Entitlements entitlements = new Entitlements(store, app.clock, app.config);
    private int keys;

    private String buy(String sku, long price) {
        CheckoutOutcome outcome = checkout.checkout(new CheckoutCommand(USER, "k-" + keys++, sku, 1, price));
        return assertInstanceOf(CheckoutOutcome.Purchased.class, outcome).purchase().id();
    }

    @Test
    void refund_atTheWindowsExactEnd_isClosed_aMillisecondBefore_isRefunded() {
        app.grant(USER, 100);
        String a = buy("cat", 10);
        String b = buy("cat", 10);
        app.clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertInstanceOf(RefundOutcome.Refunded.class, purchases.refund(USER, "r-1", a));
        app.clock.advance(Duration.ofMillis(1));
        assertEquals(new RefundOutcome.WindowClosed(b, InMemoryCoinslot.START.plus(Duration.ofMinutes(15))),
                purchases.refund(USER, "r-2", b));
        assertEquals(90, app.wallets.findWallet(USER).orElseThrow().balance().amount());
    }

    @Test
    void refundLimit_reopensThirtyDaysAfterTheOldestCountedRefund() {
        app.grant(USER, 1000);
        Instant first = app.clock.instant();
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(RefundOutcome.Refunded.class, purchases.refund(USER, "r-" + i, buy("cat", 10)));
            app.clock.advance(Duration.ofDays(1));
        }
        String fourth = buy("cat", 10);
        assertEquals(new RefundOutcome.LimitReached(3, first.plus(Duration.ofDays(30))), purchases.refund(USER, "r-3", fourth));
        app.clock.set(first.plus(Duration.ofDays(30)).plusMillis(1));
        String fifth = buy("cat", 10);
        assertInstanceOf(RefundOutcome.Refunded.class, purchases.refund(USER, "r-4", fifth));
        // a refusal stores nothing: the same key may be used again later
        assertTrue(store.findRefundRecord(USER, "r-3").isEmpty());
    }

    @Test
    void refund_replaysUnderItsKey_refusesTheKeyForAnotherPurchase_andOnceOnly() {
        app.grant(USER, 100);
        String hat = buy("hat", 30);
        RefundOutcome.Refunded first = assertInstanceOf(RefundOutcome.Refunded.class, purchases.refund(USER, "r", hat));
        assertEquals(new RefundOutcome.Refunded(first.refund(), true), purchases.refund(USER, "r", hat));
        String cat = buy("cat", 10);
        assertEquals(new RefundOutcome.IdempotencyKeyReused(), purchases.refund(USER, "r", cat));
        assertEquals(new RefundOutcome.AlreadyRefunded(hat), purchases.refund(USER, "r-other", hat));
        assertTrue(entitlements.active(USER, "hat").isEmpty(), "the unlock is revoked");
        assertInstanceOf(CheckoutOutcome.Purchased.class, checkout.checkout(new CheckoutCommand(USER, "again", "hat", 1, 30)));
        assertEquals(new CheckoutOutcome.AlreadyOwned("hat"), checkout.checkout(new CheckoutCommand(USER, "twice", "hat", 1, 30)));
    }

    @Test
    void consume_thenRefund_isAlreadyUsed_andAContendedConsumeIsRetried() {
        app.grant(USER, 100);
        String cats = buy("cat", 10);
        app.table.faults().failNext("consume", 2, dev.coinslot.support.fakes.Faults.Fault.CONFLICT);
        assertEquals(new ConsumeOutcome.Consumed("cat", 1, 1, false), entitlements.consume(USER, "c-1", "cat", 1));
        assertEquals(3, app.table.faults().calls("consume"));
        assertEquals(new RefundOutcome.AlreadyUsed(cats, "cat"), purchases.refund(USER, "r", cats));
        assertEquals(new ConsumeOutcome.InsufficientQuantity("cat", 1, 2), entitlements.consume(USER, "c-2", "cat", 2));
        assertEquals(new ConsumeOutcome.NotConsumable("pass", dev.coinslot.domain.ownership.EntitlementType.PASS),
                consumeAfterBuying("pass", 20));
    }

    private ConsumeOutcome consumeAfterBuying(String sku, long price) {
        buy(sku, price);
        return entitlements.consume(USER, "c-" + sku, sku, 1);
    }

    @Test
    void pass_boughtOnAnotherInstance_isExtendedFromItsEnd_afterOneRefusedWrite() {
        app.grant(USER, 100);
        buy("pass", 20);
        CheckoutService other = new CheckoutService(catalogs, app.storeSettings, app.random, app.packs, app.wallets,
                new WalletSnapshots(), app.autoTopUps, app.clock, app.config, new Ids(), app.experiments, app.loyalty);
        app.clock.advance(Duration.ofMinutes(10));
        CheckoutOutcome.Purchased second = assertInstanceOf(CheckoutOutcome.Purchased.class,
                other.checkout(new CheckoutCommand(USER, "other", "pass", 1, 20)));
        assertEquals(Optional.of(InMemoryCoinslot.START.plus(Duration.ofHours(2))), second.purchase().grants().get(0).activeUntil());
        assertEquals(InMemoryCoinslot.START.plus(Duration.ofHours(2)),
                entitlements.active(USER, "pass").orElseThrow().activeUntil().orElseThrow());
    }
}

package dev.coinslot.application.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.Ids;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.checkout.CheckoutService;
import dev.coinslot.application.loyalty.PurchaseLoyalty;
import dev.coinslot.application.ownership.Purchases.RefundOutcome;
import dev.coinslot.application.store.CatalogSource;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.domain.loyalty.StampCard;
import dev.coinslot.domain.loyalty.StampScope;
import dev.coinslot.domain.loyalty.StreakMilestone;
import dev.coinslot.support.fakes.InMemoryCatalogStore;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import dev.coinslot.support.fakes.InMemoryOwnershipStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A refunded purchase takes back the cashback and the stamp it earned, in the refund's one write (in-memory stores);
 * credits already spent leave the wallet negative like any clawback; streak credit is kept.
 */
class RefundLoyaltyTest {

    private static final String USER = "user-loyal";

    /** Cashback 10 %, a streak reward at 2 days, a card of 2 stamps (any purchase). */
    private static final LoyaltyRules RULES = new LoyaltyRules(1_000, List.of(new StreakMilestone(2, Credits.of(7))),
            List.of(new StampCard("two", new StampScope.AnyPurchase(), 2, Credits.of(25))), Credits.ZERO, Credits.ZERO,
            Map.of(RewardType.CASHBACK, 30, RewardType.STREAK_REWARD, 30, RewardType.STAMP_REWARD, 30,
                    RewardType.DAILY_REWARD, 1, RewardType.EARNED, 1));

    private final InMemoryCoinslot app = new InMemoryCoinslot(RULES);
    private final PurchaseLoyalty loyalty = new PurchaseLoyalty(new LoyaltyProgram(RULES));
    private final InMemoryOwnershipStore store = new InMemoryOwnershipStore(app.table);
    private final Catalog catalog = Catalog.of(List.of(
            new Sku("cat", "Cat", SkuKind.STICKER, Credits.of(100), List.of())));
    private final CatalogSource catalogs = new CatalogSource(new InMemoryCatalogStore(), catalog, app.clock,
            app.storeSettings);
    private final CheckoutService checkout = new CheckoutService(catalogs, app.storeSettings, app.random, app.packs, app.wallets,
            app.snapshots, app.autoTopUps, app.clock, app.config, new Ids(), app.experiments, loyalty);
    private final Purchases purchases = new Purchases(store, app.wallets, app.clock, app.config,
            new RefundSettings(Duration.ofMinutes(15), 10), app.expiry, loyalty);
    private int keys;

    private Purchase buy() {
        CheckoutOutcome outcome = checkout.checkout(new CheckoutCommand(USER, "k-" + keys++, "cat", 1, 100));
        return assertInstanceOf(CheckoutOutcome.Purchased.class, outcome).purchase();
    }

    private List<LedgerEntry> entries(LedgerEntryType type) {
        return app.table.ledger(USER).stream().filter(e -> e.type() == type).toList();
    }

    private static long cashback(Purchase p) {
        return p.earned().stream().filter(r -> r.type() == RewardType.CASHBACK).mapToLong(r -> r.credits().amount()).sum();
    }

    private long balance() {
        return app.table.wallet(USER).orElseThrow().balance().amount();
    }

    @Test
    void refund_takesBackTheCashback_andRemovesItsStamp() {
        app.paidTopUp(USER, "starter", "pm_1");
        Purchase first = buy();
        assertEquals(List.of(RewardType.CASHBACK), first.earned().stream().map(r -> r.type()).toList());
        assertEquals(1, app.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"));
        long before = balance();

        RefundOutcome.Refunded refunded = assertInstanceOf(RefundOutcome.Refunded.class,
                purchases.refund(USER, "r-1", first.id()));
        // 100 back to the paid lot, the 10 cashback taken back
        assertEquals(before + 100 - 10, balance());
        assertEquals(balance(), refunded.refund().balanceAfter().amount());
        // the answer says both moves: 100 returned, 10 taken back
        assertEquals(100, refunded.refund().returned().amount());
        assertEquals(10, refunded.refund().takenBack().amount());
        List<LedgerEntry> takebacks = entries(LedgerEntryType.REWARD_TAKEBACK);
        assertEquals(1, takebacks.size());
        assertEquals("takeback:" + first.id() + ":cashback", takebacks.get(0).reference());
        assertEquals(-10, takebacks.get(0).amount().amount());
        assertEquals(0, app.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"), "its stamp is gone");

        // a replay of the refund takes back nothing more
        assertEquals(new RefundOutcome.Refunded(refunded.refund(), true), purchases.refund(USER, "r-1", first.id()));
        assertEquals(1, entries(LedgerEntryType.REWARD_TAKEBACK).size());
        app.table.assertConsistent(USER);
    }

    @Test
    void refund_ofThePurchaseThatReachedAStreakAndCompletedACard_takesBackCashbackAndStampReward_keepsTheStreakReward() {
        app.paidTopUp(USER, "starter", "pm_1");
        buy();
        app.clock.advance(Duration.ofDays(1));
        Purchase second = buy();
        assertEquals(List.of(RewardType.CASHBACK, RewardType.STREAK_REWARD, RewardType.STAMP_REWARD),
                second.earned().stream().map(r -> r.type()).toList());
        assertEquals(0, app.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"));
        // the first purchase's 10 cashback (promotional) paid part of it: cashback on the 90 paid credits
        assertEquals(9, cashback(second));
        long before = balance();

        RefundOutcome.Refunded refunded = assertInstanceOf(RefundOutcome.Refunded.class,
                purchases.refund(USER, "r-2", second.id()));
        // 100 back; 9 cashback and 25 stamp reward taken back; the 7 streak credits kept
        assertEquals(before + 100 - 9 - 25, balance());
        assertEquals(9 + 25, refunded.refund().takenBack().amount());
        assertEquals(List.of("takeback:" + second.id() + ":cashback", "takeback:" + second.id() + ":stamp-two"),
                entries(LedgerEntryType.REWARD_TAKEBACK).stream().map(LedgerEntry::reference).toList());
        assertEquals(1, app.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"), "one stamp short of the reward again");
        assertEquals(2, app.table.wallet(USER).orElseThrow().loyalty().streakDays(), "the streak stands");
        assertEquals(1, entries(LedgerEntryType.STREAK_REWARD).size());
        app.table.assertConsistent(USER);
    }

    @Test
    void refund_afterTheRewardsWereSpent_takesTheCashbackFromOtherCredits_andACardStampedSinceJustLosesAStamp() {
        app.paidTopUp(USER, "starter", "pm_1");
        app.paidTopUp(USER, "starter", "pm_2");
        buy();
        Purchase second = buy(); // completes the card of two (same day: no streak reward)
        assertTrue(second.earned().stream().anyMatch(r -> r.type() == RewardType.STAMP_REWARD));
        buy(); // the reward lots (promotional) are spent first; one stamp on the new card
        assertTrue(app.table.wallet(USER).orElseThrow().lots().lots().stream().noneMatch(l -> l.origin().equals(second.id())),
                "the second purchase's reward lot is spent");
        assertEquals(1, app.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"));
        long before = balance();
        assertInstanceOf(RefundOutcome.Refunded.class, purchases.refund(USER, "r-3", second.id()));
        List<LedgerEntry> takebacks = entries(LedgerEntryType.REWARD_TAKEBACK);
        assertEquals(List.of("takeback:" + second.id() + ":cashback"), takebacks.stream().map(LedgerEntry::reference).toList(),
                "the card holds a later stamp: it loses one, its earlier reward stays");
        assertEquals(-cashback(second), takebacks.get(0).amount().amount());
        assertEquals(0, app.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"));
        assertEquals(before + 100 - cashback(second), balance());
        app.table.assertConsistent(USER);
    }

    /** With nothing left to take from, a takeback leaves the wallet negative (a debt the next credits settle). */
    @Test
    void takeback_beyondTheCreditsLeft_leavesTheWalletNegative() {
        dev.coinslot.domain.Wallet wallet = dev.coinslot.domain.Wallet.empty(USER);
        java.time.Instant now = InMemoryCoinslot.START;
        dev.coinslot.domain.WalletChange refund = wallet.credit(LedgerEntryType.PURCHASE_REFUND,
                List.of(dev.coinslot.domain.Lot.paid(4, dev.coinslot.domain.Money.of(4, "USD"), now, "top_1")),
                "purchase-refund:pur_1", now);
        Purchase refunded = new Purchase("pur_1", USER, "cat", 1, Credits.of(100), Credits.of(100), Credits.ZERO, now,
                List.of(), List.of(), Optional.empty(), List.of(), List.of(),
                List.of(new dev.coinslot.domain.loyalty.EarnedReward(RewardType.CASHBACK, "cashback", Credits.of(10),
                        now.plus(Duration.ofDays(30)))), List.of());
        dev.coinslot.domain.WalletChange change = loyalty.takeBack(refund, refunded);
        assertEquals(-6, change.after().balance().amount());
        assertEquals(6, change.after().lots().debt());
        assertEquals(List.of(LedgerEntryType.PURCHASE_REFUND, LedgerEntryType.REWARD_TAKEBACK),
                change.entries().stream().map(LedgerEntry::type).toList());
        assertEquals(-10, change.following().get(0).amount().amount());
    }

    @Test
    void refund_ofAPurchaseThatEarnedNothing_writesNoTakeback_butRemovesItsStamp() {
        app.grant(USER, 1_000); // promotional credits: no cashback
        InMemoryCoinslot none = app;
        Purchase p = buy();
        assertEquals(List.of(), p.earned());
        assertEquals(List.of("two"), p.stamped());
        assertInstanceOf(RefundOutcome.Refunded.class, purchases.refund(USER, "r-4", p.id()));
        assertEquals(List.of(), entries(LedgerEntryType.REWARD_TAKEBACK));
        assertEquals(0, none.table.wallet(USER).orElseThrow().loyalty().stampsOn("two"), "its stamp is gone");
        app.table.assertConsistent(USER);
    }
}

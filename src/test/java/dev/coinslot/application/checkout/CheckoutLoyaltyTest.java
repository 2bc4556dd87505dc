package dev.coinslot.application.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.LotKind;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.domain.loyalty.StampCard;
import dev.coinslot.domain.loyalty.StampScope;
import dev.coinslot.domain.loyalty.StreakMilestone;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Cashback, streak and stamp rewards granted inside the checkout's one write (in-memory stores, the adapter's
 * conditions): what a purchase earns, its ledger entries and lots, replays, the streak at the exact UTC second, the
 * cashback remainder over long random sequences, and parallel checkouts.
 */
class CheckoutLoyaltyTest {

    /** Cashback 2.5 %, streak rewards at 2 and 4 days, a sticker card of 3 and an any-purchase card of 5. */
    private static final LoyaltyRules RULES = new LoyaltyRules(250,
            List.of(new StreakMilestone(2, Credits.of(20)), new StreakMilestone(4, Credits.of(40))),
            List.of(new StampCard("stickers", new StampScope.OfKind(SkuKind.STICKER), 3, Credits.of(30)),
                    new StampCard("anything", new StampScope.AnyPurchase(), 5, Credits.of(50))),
            Credits.ZERO, Credits.ZERO, Map.of(RewardType.CASHBACK, 30, RewardType.STREAK_REWARD, 7, RewardType.STAMP_REWARD,
                    14, RewardType.DAILY_REWARD, 1, RewardType.EARNED, 1));

    private final InMemoryCoinslot app = new InMemoryCoinslot(RULES);
    private final String user = "user-" + UUID.randomUUID();

    private Purchase buy(String sku, long price) {
        return buy(app.checkout, sku, price, UUID.randomUUID().toString());
    }

    private Purchase buy(CheckoutService checkout, String sku, long price, String key) {
        CheckoutOutcome outcome = checkout.checkout(new CheckoutCommand(user, key, sku, 1, price));
        return assertInstanceOf(CheckoutOutcome.Purchased.class, outcome, outcome.toString()).purchase();
    }

    private List<LedgerEntry> ledger(LedgerEntryType type) {
        return app.table.ledger(user).stream().filter(e -> e.type() == type).toList();
    }

    /** Paid credits (two starter packs: 1,000 credits, no bonus), what cashback is computed on. */
    private void fundPaid() {
        app.paidTopUp(user, "starter", "pm_1");
        app.paidTopUp(user, "starter", "pm_2");
    }

    @Test
    void purchase_earnsCashbackAsAPromotionalLotWithItsOwnEntry_inTheSameWrite() {
        fundPaid();
        int writes = app.table.ledger(user).size();
        Purchase p = buy("hat-gold", 99);
        // 99 × 2.5 % = 2.475: 2 credits now, 0.475 carried
        assertEquals(List.of(new EarnedReward(RewardType.CASHBACK, "cashback", Credits.of(2),
                Instant.parse("2026-12-21T00:00:00Z"))), p.earned());
        assertEquals(List.of("anything"), p.stamped());
        assertEquals(1_000 - 99 + 2, p.balanceAfter().amount(), "the answer's balance includes the reward");
        List<LedgerEntry> added = app.table.ledger(user).subList(writes, app.table.ledger(user).size());
        assertEquals(List.of(LedgerEntryType.PURCHASE, LedgerEntryType.CASHBACK), added.stream().map(LedgerEntry::type).toList());
        LedgerEntry cashback = added.get(1);
        assertEquals("reward:" + p.id() + ":cashback", cashback.reference());
        assertEquals(Credits.of(2), cashback.promoCredits());
        assertTrue(app.table.wallet(user).orElseThrow().lots().lots().stream().anyMatch(l -> l.source() == LotSource.REWARD
                && l.kind() == LotKind.PROMO && l.credits() == 2 && l.expiresAt().isPresent()));
        assertEquals(4750, app.table.wallet(user).orElseThrow().loyalty().cashbackRemainder());
        app.table.assertConsistent(user);
    }

    @Test
    void purchase_paidWithPromotionalCredits_earnsNoCashback_butStampsAndStreakStillCount() {
        app.grant(user, 1_000);
        Purchase p = buy("hat-gold", 99);
        assertEquals(List.of(), p.earned());
        assertEquals(List.of("anything"), p.stamped());
        assertEquals(1, app.table.wallet(user).orElseThrow().loyalty().streakDays());
        app.table.assertConsistent(user);
    }

    @Test
    void replay_answersTheSameEarnedRewards_andGrantsNothingMore() {
        fundPaid();
        String key = UUID.randomUUID().toString();
        Purchase first = buy(app.checkout, "sticker-cat", 49, key);
        long entries = app.table.ledger(user).size();
        CheckoutOutcome again = app.checkout.checkout(new CheckoutCommand(user, key, "sticker-cat", 1, 49));
        CheckoutOutcome.Purchased replay = assertInstanceOf(CheckoutOutcome.Purchased.class, again);
        assertTrue(replay.replayed());
        assertEquals(first.earned(), replay.purchase().earned());
        assertEquals(first, replay.purchase());
        assertEquals(entries, app.table.ledger(user).size(), "a replay writes nothing");
    }

    @Test
    void stampCards_completeOnTheNthPurchaseInScope_andStartAgain() {
        app.grant(user, 5_000);
        List<List<RewardType>> earned = new ArrayList<>();
        List<Purchase> bought = new ArrayList<>();
        String[] skus = {"sticker-cat", "hat-gold", "sticker-dog", "sticker-cat", "article-fees", "sticker-dog", "sticker-cat",
                "sticker-dog"};
        long[] prices = {49, 99, 49, 49, 199, 49, 49, 49};
        for (int i = 0; i < skus.length; i++) {
            bought.add(buy(skus[i], prices[i]));
            earned.add(bought.get(i).earned().stream().filter(r -> r.type() == RewardType.STAMP_REWARD)
                    .map(EarnedReward::type).toList());
        }
        // stickers: 1st, 3rd, 4th (complete), 6th, 7th, 8th (complete); anything: 5th (complete)
        assertEquals(List.of(List.of(), List.of(), List.of(), List.of(RewardType.STAMP_REWARD),
                List.of(RewardType.STAMP_REWARD), List.of(), List.of(), List.of(RewardType.STAMP_REWARD)), earned);
        assertEquals(3, ledger(LedgerEntryType.STAMP_REWARD).size());
        assertEquals(Set.of("reward:" + bought.get(3).id() + ":stamp-stickers",
                        "reward:" + bought.get(4).id() + ":stamp-anything",
                        "reward:" + bought.get(7).id() + ":stamp-stickers"),
                Set.copyOf(ledger(LedgerEntryType.STAMP_REWARD).stream().map(LedgerEntry::reference).toList()));
        app.table.assertConsistent(user);
    }

    @Test
    void streak_countsConsecutiveUtcDays_toTheExactSecond_andAMissedDayResets() {
        app.grant(user, 5_000);
        app.clock.set(Instant.parse("2026-11-20T23:59:59Z"));
        assertEquals(List.of(), streakRewards(buy("sticker-cat", 49)));
        app.clock.set(Instant.parse("2026-11-21T00:00:00Z"));
        assertEquals(List.of("streak-2"), streakRewards(buy("sticker-cat", 49)), "the next UTC day's first second");
        app.clock.set(Instant.parse("2026-11-21T23:59:59Z"));
        assertEquals(List.of(), streakRewards(buy("sticker-cat", 49)), "the same UTC day's last second: still day 2");
        assertEquals(2, app.table.wallet(user).orElseThrow().loyalty().streakDays());
        app.clock.set(Instant.parse("2026-11-23T00:00:00Z"));
        assertEquals(List.of(), streakRewards(buy("sticker-cat", 49)), "the 22nd was missed: the streak starts again");
        assertEquals(1, app.table.wallet(user).orElseThrow().loyalty().streakDays());
        app.clock.set(Instant.parse("2026-11-24T00:00:00Z"));
        assertEquals(List.of("streak-2"), streakRewards(buy("sticker-cat", 49)), "a new streak earns its milestones again");
        app.clock.set(Instant.parse("2026-11-25T12:00:00Z"));
        buy("sticker-cat", 49);
        app.clock.set(Instant.parse("2026-11-26T00:00:01Z"));
        assertEquals(List.of("streak-4"), streakRewards(buy("sticker-cat", 49)));
        assertEquals(List.of(20L, 20L, 40L), ledger(LedgerEntryType.STREAK_REWARD).stream().map(e -> e.amount().amount()).toList());
        app.table.assertConsistent(user);
    }

    private static List<String> streakRewards(Purchase p) {
        return p.earned().stream().filter(r -> r.type() == RewardType.STREAK_REWARD).map(EarnedReward::rule).toList();
    }

    /**
     * Property: over long random sequences of purchases (random SKUs, quantities and hours apart), after every purchase
     * Σ cashback credited = floor(Σ paid credits spent × 2.5 %); promotional credits (the rewards themselves) earn none.
     */
    @Test
    void cashback_overLongRandomSequences_isTheFloorOfTheRunningSpendTimesTheRate() {
        String[] skus = {"sticker-cat", "hat-gold", "article-fees", "sticker-pack"};
        long[] prices = {49, 99, 199, 249};
        for (long seed = 1; seed <= 5; seed++) {
            InMemoryCoinslot run = new InMemoryCoinslot(RULES);
            SplittableRandom random = new SplittableRandom(seed);
            String owner = "prop-" + seed;
            long paidSpent = 0;
            for (int i = 0; i < 400; i++) {
                for (int t = 0; run.table.wallet(owner).map(w -> w.asOf(run.clock.instant()).balance().amount()).orElse(0L) < 800;
                        t++) {
                    // paid credits (and a bonus): purchases take the promotional ones first, which earn no cashback
                    run.paidTopUp(owner, random.nextBoolean() ? "max" : "starter", "pm_" + seed + "_" + i + "_" + t);
                }
                int which = random.nextInt(skus.length);
                int quantity = 1 + random.nextInt(3);
                CheckoutOutcome outcome = run.checkout.checkout(new CheckoutCommand(owner, "k-" + i, skus[which], quantity,
                        prices[which] * quantity));
                CheckoutOutcome.Purchased p = assertInstanceOf(CheckoutOutcome.Purchased.class, outcome);
                LedgerEntry entry = run.table.ledger(owner).stream()
                        .filter(e -> e.reference().equals("purchase:" + p.purchase().id())).findFirst().orElseThrow();
                paidSpent += -entry.paidCredits().amount();
                long cashback = run.table.ledger(owner).stream().filter(e -> e.type() == LedgerEntryType.CASHBACK)
                        .mapToLong(e -> e.amount().amount()).sum();
                assertEquals(Math.floorDiv(paidSpent * 250, 10_000), cashback, "seed " + seed + " purchase " + i);
                run.clock.advance(java.time.Duration.ofMinutes(1 + random.nextInt(600)));
            }
            run.table.assertConsistent(owner);
        }
    }

    @Test
    void parallelCheckouts_eachEarnItsRewardsOnce() throws Exception {
        fundPaid();
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Purchase>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            InMemoryCoinslot.Instance instance = app.secondInstance();
            futures.add(pool.submit(() -> {
                start.await();
                return buy(instance.checkout(), "sticker-cat", 49, UUID.randomUUID().toString());
            }));
        }
        start.countDown();
        List<Purchase> purchases = new ArrayList<>();
        for (Future<Purchase> f : futures) {
            purchases.add(f.get());
        }
        pool.shutdown();
        assertEquals(threads, purchases.size());
        // 12 sticker purchases: 4 sticker cards and 2 any-purchase cards complete; cashback on the paid credits spent
        // (later purchases spend earlier rewards first)
        assertEquals(4, ledger(LedgerEntryType.STAMP_REWARD).stream().filter(e -> e.reference().endsWith(":stamp-stickers"))
                .count());
        assertEquals(2, ledger(LedgerEntryType.STAMP_REWARD).stream().filter(e -> e.reference().endsWith(":stamp-anything"))
                .count());
        long paidSpent = -ledger(LedgerEntryType.PURCHASE).stream().mapToLong(e -> e.paidCredits().amount()).sum();
        assertTrue(paidSpent > 0);
        assertEquals(Math.floorDiv(paidSpent * 250, 10_000),
                ledger(LedgerEntryType.CASHBACK).stream().mapToLong(e -> e.amount().amount()).sum());
        Set<String> references = new HashSet<>();
        for (LedgerEntry e : app.table.ledger(user)) {
            if (e.type() != LedgerEntryType.PURCHASE) {
                assertTrue(references.add(e.type() + " " + e.reference()), "granted twice: " + e);
            }
        }
        // what the answers said they earned is exactly what the ledger holds
        long answered = purchases.stream().mapToLong(p -> p.earnedCredits().amount()).sum();
        long ledgered = app.table.ledger(user).stream().filter(e -> e.type() == LedgerEntryType.CASHBACK
                || e.type() == LedgerEntryType.STAMP_REWARD || e.type() == LedgerEntryType.STREAK_REWARD)
                .mapToLong(e -> e.amount().amount()).sum();
        assertEquals(answered, ledgered);
        app.table.assertConsistent(user);
    }

    @Test
    void loyaltyOff_purchasesWriteNoLoyaltyState() {
        InMemoryCoinslot off = new InMemoryCoinslot();
        off.grant(user, 1_000);
        CheckoutOutcome outcome = off.checkout.checkout(new CheckoutCommand(user, "k", "hat-gold", 1, 99));
        assertEquals(List.of(), assertInstanceOf(CheckoutOutcome.Purchased.class, outcome).purchase().earned());
        assertEquals(dev.coinslot.domain.loyalty.LoyaltyState.NONE, off.table.wallet(user).orElseThrow().loyalty());
    }
}

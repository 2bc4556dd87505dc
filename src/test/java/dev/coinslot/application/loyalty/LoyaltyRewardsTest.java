package dev.coinslot.application.loyalty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.loyalty.LoyaltyRewards.DailyOutcome;
import dev.coinslot.application.loyalty.LoyaltyRewards.GrantCommand;
import dev.coinslot.application.loyalty.LoyaltyRewards.GrantResult;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.loyalty.GrantOutcome;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.support.fakes.InMemoryLoyaltyStore;
import dev.coinslot.support.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The daily reward and operator grants on the in-memory store: idempotency, exactly-once under races, the cap. */
class LoyaltyRewardsTest {

    private static final LoyaltyRules RULES = new LoyaltyRules(0, List.of(), List.of(), Credits.of(5), Credits.of(500),
            LoyaltyRules.allExpire(30));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T23:59:59Z"));
    private final InMemoryLoyaltyStore store = new InMemoryLoyaltyStore();
    private final LoyaltyRewards rewards = new LoyaltyRewards(new LoyaltyProgram(RULES), store, clock);

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertBalanceIsTheSumOfTheLedger(String user) {
        InMemoryLoyaltyStore.Wallet w = store.wallet(user);
        assertEquals(w.ledger.stream().mapToLong(r -> r.reward().credits().amount()).sum(), w.balance);
        assertEquals(w.ledger.size(), w.ledger.stream().map(r -> r.reference()).distinct().count(), "a reference twice");
    }

    @Test
    void dailyClaim_secondClaimTheSameDay_replaysTheFirst_andTheFirstSecondOfTheNextDayClaimsAgain() {
        DailyOutcome.Claimed first = assertInstanceOf(DailyOutcome.Claimed.class, rewards.claimDaily("u1"));
        assertFalse(first.replayed());
        assertEquals("daily:2026-12-07", first.reward().reference());
        assertEquals(RewardType.DAILY_REWARD, first.reward().reward().type());
        assertEquals(Credits.of(5), first.reward().balanceAfter());
        assertEquals(Instant.parse("2026-12-08T00:00:00Z"), first.nextClaimAt());

        DailyOutcome.Claimed again = assertInstanceOf(DailyOutcome.Claimed.class, rewards.claimDaily("u1"));
        assertTrue(again.replayed());
        assertEquals(first.reward(), again.reward());

        clock.advance(Duration.ofSeconds(1));
        DailyOutcome.Claimed tomorrow = assertInstanceOf(DailyOutcome.Claimed.class, rewards.claimDaily("u1"));
        assertFalse(tomorrow.replayed());
        assertEquals(Credits.of(10), tomorrow.reward().balanceAfter());
        assertEquals(Instant.parse("2026-12-09T00:00:00Z"), tomorrow.nextClaimAt());
        assertBalanceIsTheSumOfTheLedger("u1");
    }

    @Test
    void dailyClaim_sixteenInParallel_exactlyOneWrites_allAnswerTheSameReward() throws Exception {
        List<DailyOutcome> outcomes = race(16, () -> rewards.claimDaily("racer"));
        assertEquals(1, store.commits());
        assertEquals(5, store.wallet("racer").balance);
        assertEquals(1, outcomes.stream().filter(o -> !((DailyOutcome.Claimed) o).replayed()).count());
        assertEquals(1, outcomes.stream().map(o -> ((DailyOutcome.Claimed) o).reward()).distinct().count());
        assertBalanceIsTheSumOfTheLedger("racer");
    }

    @Test
    void dailyClaim_whileOtherWritesMoveTheWallet_stillWritesOnce() {
        store.touch("busy");
        store.touch("busy");
        assertInstanceOf(DailyOutcome.Claimed.class, rewards.claimDaily("busy"));
        store.touch("busy");
        assertTrue(((DailyOutcome.Claimed) rewards.claimDaily("busy")).replayed());
        assertEquals(1, store.commits());
    }

    @Test
    void dailyClaim_withoutADailyReward_isNotOffered_andWritesNothing() {
        LoyaltyRewards none = new LoyaltyRewards(new LoyaltyProgram(LoyaltyRules.NONE), store, clock);
        assertInstanceOf(DailyOutcome.NotOffered.class, none.claimDaily("u1"));
        assertEquals(0, store.commits());
    }

    @Test
    void grant_sameReferenceAndBody_replays_anotherBodyIsAReuse_nothingGrantedTwice() {
        GrantResult.Granted first = assertInstanceOf(GrantResult.Granted.class,
                rewards.grant(new GrantCommand("player", Credits.of(40), "level 3", "game-1:level-3")));
        assertFalse(first.replayed());
        assertEquals(RewardType.EARNED, first.reward().reward().type());
        GrantResult.Granted again = assertInstanceOf(GrantResult.Granted.class,
                rewards.grant(new GrantCommand("player", Credits.of(40), "level 3", "game-1:level-3")));
        assertTrue(again.replayed());
        assertEquals(first.reward(), again.reward());
        assertEquals(new GrantResult.ReferenceReused("game-1:level-3"),
                rewards.grant(new GrantCommand("player", Credits.of(41), "level 3", "game-1:level-3")));
        assertEquals(new GrantResult.ReferenceReused("game-1:level-3"),
                rewards.grant(new GrantCommand("player", Credits.of(40), "level 4", "game-1:level-3")));
        assertEquals(40, store.wallet("player").balance);
        assertEquals(1, store.commits());
    }

    @Test
    void grant_sixteenInParallel_sameReference_exactlyOneWrites_allAnswerIt() throws Exception {
        List<GrantResult> results = race(16, () -> rewards.grant(new GrantCommand("p2", Credits.of(100), "quest", "q-1")));
        assertEquals(1, store.commits());
        assertEquals(100, store.wallet("p2").balance);
        assertEquals(1, results.stream().filter(r -> !((GrantResult.Granted) r).replayed()).count());
        assertEquals(1, results.stream().map(r -> ((GrantResult.Granted) r).reward()).distinct().count());
    }

    @Test
    void grant_twentyInParallel_distinctReferences_theCapOf500AdmitsExactlyFive() throws Exception {
        int[] n = {0};
        List<GrantResult> results = race(20, () -> {
            int i;
            synchronized (n) {
                i = n[0]++;
            }
            return rewards.grant(new GrantCommand("p3", Credits.of(100), "quest", "q-" + i));
        });
        assertEquals(5, results.stream().filter(r -> r instanceof GrantResult.Granted).count());
        List<GrantResult> refused = results.stream().filter(r -> r instanceof GrantResult.Refused).toList();
        assertEquals(15, refused.size());
        for (GrantResult r : refused) {
            GrantOutcome.CapReached cap = assertInstanceOf(GrantOutcome.CapReached.class, ((GrantResult.Refused) r).refusal());
            assertEquals(Instant.parse("2026-12-08T00:00:00Z"), cap.retryAt());
        }
        assertEquals(500, store.wallet("p3").balance);
        assertBalanceIsTheSumOfTheLedger("p3");
    }

    @Test
    void grant_aboveTheCapAlone_isRefused_andWritesNothing() {
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class,
                rewards.grant(new GrantCommand("p4", Credits.of(501), "too much", "big-1")));
        assertEquals(new GrantOutcome.AboveCap(Credits.of(500)), refused.refusal());
        assertEquals(0, store.commits());
    }
}

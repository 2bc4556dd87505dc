package dev.coinslot.domain.loyalty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.SkuKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoyaltyProgramTest {

    private final LoyaltyProgram program = new LoyaltyProgram(LoyaltyRulesTest.valid());

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static LoyaltyPurchase buy(long credits, String sku, SkuKind kind, String at) {
        return new LoyaltyPurchase(Credits.of(credits), sku, kind, t(at));
    }

    private static LoyaltyPurchase hat(String at) {
        return buy(99, "hat-gold", SkuKind.COSMETIC, at);
    }

    private static List<EarnedReward> of(PurchaseRewards r, RewardType type) {
        return r.earned().stream().filter(e -> e.type() == type).toList();
    }

    // --- streaks -----------------------------------------------------------------------------------------------

    @Test
    void streak_lastSecondOfOneDayThenFirstSecondOfTheNext_continues() {
        PurchaseRewards first = program.onPurchase(LoyaltyState.NONE, hat("2026-12-07T23:59:59Z"));
        PurchaseRewards second = program.onPurchase(first.state(), hat("2026-12-08T00:00:00Z"));
        assertEquals(1, first.state().streakDays());
        assertEquals(2, second.state().streakDays());
        assertEquals(Optional.of(LocalDate.of(2026, 12, 8)), second.state().lastPurchaseDay());
    }

    @Test
    void streak_missedDay_firstSecondOfTheDayAfterTomorrow_resets_butLastSecondOfTomorrowContinues() {
        LoyaltyState s = program.onPurchase(LoyaltyState.NONE, hat("2026-12-07T00:00:00Z")).state();
        assertEquals(2, program.onPurchase(s, hat("2026-12-08T23:59:59.999999999Z")).state().streakDays());
        assertEquals(1, program.onPurchase(s, hat("2026-12-09T00:00:00Z")).state().streakDays());
    }

    @Test
    void streak_secondPurchaseOnTheSameDay_countsNothing_andEarnsNoMilestoneTwice() {
        LoyaltyState s = LoyaltyState.NONE;
        s = program.onPurchase(s, hat("2026-12-05T10:00:00Z")).state();
        s = program.onPurchase(s, hat("2026-12-06T10:00:00Z")).state();
        PurchaseRewards day3 = program.onPurchase(s, hat("2026-12-07T00:00:00Z"));
        assertEquals(List.of(new EarnedReward(RewardType.STREAK_REWARD, "streak-3", Credits.of(20),
                t("2027-01-07T00:00:00Z"))), of(day3, RewardType.STREAK_REWARD));
        PurchaseRewards again = program.onPurchase(day3.state(), hat("2026-12-07T23:59:59Z"));
        assertEquals(3, again.state().streakDays());
        assertEquals(List.of(), of(again, RewardType.STREAK_REWARD));
    }

    @Test
    void streak_milestonesAtDay3And7_eachOncePerStreak_andAfterAReset_again() {
        LoyaltyState s = LoyaltyState.NONE;
        Instant day0 = t("2026-12-01T12:00:00Z");
        int rewards3 = 0;
        int rewards7 = 0;
        for (int d = 0; d < 9; d++) {
            PurchaseRewards r = program.onPurchase(s, new LoyaltyPurchase(Credits.of(49), "sticker-cat", SkuKind.STICKER,
                    day0.plusSeconds(86_400L * d)));
            for (EarnedReward e : of(r, RewardType.STREAK_REWARD)) {
                if (e.rule().equals("streak-3")) {
                    assertEquals(2, d);
                    rewards3++;
                } else {
                    assertEquals("streak-7", e.rule());
                    assertEquals(6, d);
                    assertEquals(Credits.of(50), e.credits());
                    rewards7++;
                }
            }
            s = r.state();
        }
        assertEquals(9, s.streakDays());
        assertEquals(1, rewards3);
        assertEquals(1, rewards7);
        PurchaseRewards restarted = program.onPurchase(s, hat("2026-12-11T12:00:00Z"));
        assertEquals(1, restarted.state().streakDays());
        s = program.onPurchase(restarted.state(), hat("2026-12-12T12:00:00Z")).state();
        assertEquals(List.of("streak-3"), of(program.onPurchase(s, hat("2026-12-13T12:00:00Z")), RewardType.STREAK_REWARD)
                .stream().map(EarnedReward::rule).toList());
    }

    @Test
    void streak_purchaseStampedBeforeTheLastDay_clockWentBack_leavesTheStreak() {
        LoyaltyState s = program.onPurchase(LoyaltyState.NONE, hat("2026-12-07T00:00:00Z")).state();
        PurchaseRewards back = program.onPurchase(s, hat("2026-12-06T23:59:59Z"));
        assertEquals(1, back.state().streakDays());
        assertEquals(Optional.of(LocalDate.of(2026, 12, 7)), back.state().lastPurchaseDay());
    }

    // --- stamps ------------------------------------------------------------------------------------------------

    @Test
    void stampCard_ofKind_everyFifthStickerPurchase_earnsOnce_otherKindsAndQuantityDoNotCount() {
        LoyaltyState s = LoyaltyState.NONE;
        int rewards = 0;
        for (int i = 1; i <= 15; i++) {
            s = program.onPurchase(s, hat("2026-12-07T10:00:00Z")).state();
            PurchaseRewards r = program.onPurchase(s, buy(147, "sticker-cat", SkuKind.STICKER, "2026-12-07T10:00:00Z"));
            List<EarnedReward> stamp = r.earned().stream().filter(e -> e.rule().equals("stamp-stickers")).toList();
            assertEquals(i % 5 == 0 ? 1 : 0, stamp.size(), "purchase " + i);
            rewards += stamp.size();
            assertEquals(i % 5, r.state().stampsOn("stickers"));
            s = r.state();
        }
        assertEquals(3, rewards);
    }

    @Test
    void stampCard_ofSku_everyThirdHat_andTheAnyCard_everyTenthPurchase() {
        LoyaltyState s = LoyaltyState.NONE;
        List<String> rules = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            PurchaseRewards r = program.onPurchase(s, hat("2026-12-07T10:00:00Z"));
            assertEquals(List.of("any", "hats"), r.stamped());
            of(r, RewardType.STAMP_REWARD).forEach(e -> rules.add(e.rule()));
            s = r.state();
        }
        assertEquals(List.of("stamp-hats", "stamp-hats", "stamp-hats", "stamp-any"), rules);
        assertEquals(Map.of("hats", 1), s.stamps());
    }

    @Test
    void stampCard_holdingMoreStampsThanALoweredRule_completesOnceOnItsNextStamp() {
        LoyaltyState s = new LoyaltyState(0, 0, Optional.empty(), Map.of("hats", 7), Optional.empty(), Optional.empty(), 0);
        PurchaseRewards r = program.onPurchase(s, hat("2026-12-07T10:00:00Z"));
        assertEquals(1, r.earned().stream().filter(e -> e.rule().equals("stamp-hats")).count());
        assertEquals(0, r.state().stampsOn("hats"));
    }

    // --- cashback ----------------------------------------------------------------------------------------------

    @Test
    void cashback_fractionsCarry_2PercentOf49_isZeroThenOneOnTheSecondPurchase() {
        // 2 % of 49 = 0.98 credits: nothing the first time, carried; 1.96 the second time: one credit, 0.96 carried.
        PurchaseRewards first = program.onPurchase(LoyaltyState.NONE, buy(49, "sticker-cat", SkuKind.STICKER, "2026-12-07T10:00:00Z"));
        assertEquals(List.of(), of(first, RewardType.CASHBACK));
        assertEquals(9_800, first.state().cashbackRemainder());
        PurchaseRewards second = program.onPurchase(first.state(), buy(49, "sticker-cat", SkuKind.STICKER, "2026-12-07T10:00:01Z"));
        assertEquals(List.of(new EarnedReward(RewardType.CASHBACK, "cashback", Credits.of(1), t("2027-01-07T00:00:00Z"))),
                of(second, RewardType.CASHBACK));
        assertEquals(9_600, second.state().cashbackRemainder());
    }

    @Test
    void cashback_zeroBasis_promotionalSpend_earnsNoCashback_butStillStampsAndStreaks() {
        PurchaseRewards r = program.onPurchase(LoyaltyState.NONE, buy(0, "hat-gold", SkuKind.COSMETIC, "2026-12-07T10:00:00Z"));
        assertEquals(List.of(), of(r, RewardType.CASHBACK));
        assertEquals(1, r.state().streakDays());
        assertEquals(1, r.state().stampsOn("hats"));
    }

    // --- daily claims ------------------------------------------------------------------------------------------

    @Test
    void dailyClaim_oncePerUtcDay_lastSecondThenFirstSecondOfTheNextDay_bothPass() {
        DailyClaim.Claimed first = assertInstanceOf(DailyClaim.Claimed.class,
                program.claimDaily(LoyaltyState.NONE, t("2026-12-07T23:59:59Z")));
        assertEquals(t("2026-12-08T00:00:00Z"), first.nextClaimAt());
        assertEquals(new EarnedReward(RewardType.DAILY_REWARD, "daily", Credits.of(5), t("2027-01-07T00:00:00Z")), first.reward());
        DailyClaim.AlreadyClaimed again = assertInstanceOf(DailyClaim.AlreadyClaimed.class,
                program.claimDaily(first.state(), t("2026-12-07T23:59:59.999999999Z")));
        assertEquals(t("2026-12-08T00:00:00Z"), again.nextClaimAt());
        DailyClaim.Claimed next = assertInstanceOf(DailyClaim.Claimed.class,
                program.claimDaily(first.state(), t("2026-12-08T00:00:00Z")));
        assertEquals(t("2026-12-09T00:00:00Z"), next.nextClaimAt());
        assertEquals(Optional.of(LocalDate.of(2026, 12, 8)), next.state().lastDailyClaimDay());
    }

    @Test
    void dailyClaim_firstSecondOfTheDay_afterAClaimAtTheFirstSecond_isRefusedUntilTheNextMidnight() {
        DailyClaim.Claimed first = assertInstanceOf(DailyClaim.Claimed.class,
                program.claimDaily(LoyaltyState.NONE, t("2026-12-07T00:00:00Z")));
        assertInstanceOf(DailyClaim.AlreadyClaimed.class, program.claimDaily(first.state(), t("2026-12-07T00:00:00Z")));
        assertInstanceOf(DailyClaim.AlreadyClaimed.class, program.claimDaily(first.state(), t("2026-12-07T23:59:59Z")));
    }

    @Test
    void dailyClaim_withoutADailyReward_isNotOffered() {
        assertInstanceOf(DailyClaim.NotOffered.class,
                new LoyaltyProgram(LoyaltyRules.NONE).claimDaily(LoyaltyState.NONE, t("2026-12-07T10:00:00Z")));
    }

    // --- grants ------------------------------------------------------------------------------------------------

    @Test
    void grant_upToTheDailyCapExactly_passes_oneCreditMoreIsRefusedUntilMidnight_thenPassesAgain() {
        GrantOutcome.Granted a = assertInstanceOf(GrantOutcome.Granted.class,
                program.grant(LoyaltyState.NONE, Credits.of(300), t("2026-12-07T00:00:00Z")));
        assertEquals(new EarnedReward(RewardType.EARNED, "grant", Credits.of(300), t("2027-01-07T00:00:00Z")), a.reward());
        GrantOutcome.Granted b = assertInstanceOf(GrantOutcome.Granted.class,
                program.grant(a.state(), Credits.of(200), t("2026-12-07T12:00:00Z")));
        assertEquals(500, b.state().grantedOn(LocalDate.of(2026, 12, 7)));
        GrantOutcome.CapReached refused = assertInstanceOf(GrantOutcome.CapReached.class,
                program.grant(b.state(), Credits.of(1), t("2026-12-07T23:59:59Z")));
        assertEquals(new GrantOutcome.CapReached(Credits.of(500), Credits.of(500), t("2026-12-08T00:00:00Z")), refused);
        GrantOutcome.Granted tomorrow = assertInstanceOf(GrantOutcome.Granted.class,
                program.grant(b.state(), Credits.of(500), t("2026-12-08T00:00:00Z")));
        assertEquals(500, tomorrow.state().grantedOn(LocalDate.of(2026, 12, 8)));
        assertEquals(0, tomorrow.state().grantedOn(LocalDate.of(2026, 12, 7)));
    }

    @Test
    void grant_largerThanTheCapAlone_orWithGrantsOff_isAboveCap_andZeroIsABug() {
        assertEquals(new GrantOutcome.AboveCap(Credits.of(500)),
                program.grant(LoyaltyState.NONE, Credits.of(501), t("2026-12-07T00:00:00Z")));
        assertEquals(new GrantOutcome.AboveCap(Credits.ZERO),
                new LoyaltyProgram(LoyaltyRules.NONE).grant(LoyaltyState.NONE, Credits.of(1), t("2026-12-07T00:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> program.grant(LoyaltyState.NONE, Credits.ZERO, t("2026-12-07T00:00:00Z")));
    }

    // --- refunds -----------------------------------------------------------------------------------------------

    @Test
    void refund_takesBackTheCashbackItShowed_andOneStamp_keepsTheStreak() {
        LoyaltyState s = program.onPurchase(LoyaltyState.NONE, hat("2026-12-06T10:00:00Z")).state();
        PurchaseRewards bought = program.onPurchase(s, buy(199, "article-fees", SkuKind.ARTICLE, "2026-12-07T10:00:00Z"));
        // 99 × 2 % = 1.98: one credit, 0.98 carried; then 0.98 + 199 × 2 % = 4.96: four credits, 0.96 carried.
        assertEquals(List.of(new EarnedReward(RewardType.CASHBACK, "cashback", Credits.of(4), t("2027-01-07T00:00:00Z"))),
                of(bought, RewardType.CASHBACK));
        RefundTakeback back = program.onRefund(bought.state(), RefundedPurchase.of(bought));
        assertEquals(List.of(new RefundTakeback.Taken(RewardType.CASHBACK, "cashback", Credits.of(4))), back.taken());
        assertEquals(2, back.state().streakDays());
        assertEquals(1, back.state().stampsOn("any"));
        assertEquals(bought.state().cashbackRemainder(), back.state().cashbackRemainder());
    }

    @Test
    void refund_ofThePurchaseThatCompletedACard_takesItsRewardBack_andLeavesEveryMinusOneStamps() {
        LoyaltyState s = LoyaltyState.NONE;
        s = program.onPurchase(s, hat("2026-12-07T10:00:00Z")).state();
        s = program.onPurchase(s, hat("2026-12-07T10:00:01Z")).state();
        PurchaseRewards third = program.onPurchase(s, hat("2026-12-07T10:00:02Z"));
        assertEquals(0, third.state().stampsOn("hats"));
        RefundTakeback back = program.onRefund(third.state(), RefundedPurchase.of(third));
        assertTrue(back.taken().contains(new RefundTakeback.Taken(RewardType.STAMP_REWARD, "stamp-hats", Credits.of(25))));
        assertEquals(2, back.state().stampsOn("hats"));
        assertEquals(2, back.state().stampsOn("any"));
    }

    @Test
    void refund_ofAnEarlierPurchase_whoseCardWasCompletedLater_takesTheCardRewardBack_thenTheNextHatCompletesItAgain() {
        LoyaltyState s = LoyaltyState.NONE;
        PurchaseRewards first = program.onPurchase(s, hat("2026-12-07T10:00:00Z"));
        s = program.onPurchase(first.state(), hat("2026-12-07T10:00:01Z")).state();
        s = program.onPurchase(s, hat("2026-12-07T10:00:02Z")).state();
        RefundTakeback back = program.onRefund(s, RefundedPurchase.of(first));
        assertEquals(List.of(new RefundTakeback.Taken(RewardType.STAMP_REWARD, "stamp-hats", Credits.of(25))),
                back.taken().stream().filter(x -> x.type() == RewardType.STAMP_REWARD).toList());
        assertEquals(2, back.state().stampsOn("hats"));
        PurchaseRewards fourth = program.onPurchase(back.state(), hat("2026-12-07T10:00:03Z"));
        assertEquals(1, fourth.earned().stream().filter(e -> e.rule().equals("stamp-hats")).count());
    }

    @Test
    void refund_whileTheCurrentCardHoldsStamps_takesOneStampAndNoReward() {
        LoyaltyState s = LoyaltyState.NONE;
        PurchaseRewards first = program.onPurchase(s, hat("2026-12-07T10:00:00Z"));
        s = program.onPurchase(first.state(), hat("2026-12-07T10:00:01Z")).state();
        s = program.onPurchase(s, hat("2026-12-07T10:00:02Z")).state();
        s = program.onPurchase(s, hat("2026-12-07T10:00:03Z")).state();
        RefundTakeback back = program.onRefund(s, RefundedPurchase.of(first));
        assertFalse(back.taken().stream().anyMatch(x -> x.type() == RewardType.STAMP_REWARD));
        assertEquals(0, back.state().stampsOn("hats"));
        assertEquals(3, back.state().stampsOn("any"));
    }

    // --- progress ----------------------------------------------------------------------------------------------

    @Test
    void progress_showsTheStreakThatAPurchaseTodayContinues_lapsedAtTheFirstSecondOfTheDayAfterTomorrow() {
        LoyaltyState s = program.onPurchase(LoyaltyState.NONE, hat("2026-12-06T10:00:00Z")).state();
        s = program.onPurchase(s, hat("2026-12-07T10:00:00Z")).state();
        LoyaltyProgress p = program.progress(s, t("2026-12-08T23:59:59Z"));
        assertEquals(2, p.streakDays());
        assertEquals(Optional.of(new StreakMilestone(3, Credits.of(20))), p.nextStreakReward());
        assertTrue(p.dailyClaimAvailable());
        assertEquals(Optional.empty(), p.nextClaimAt());
        assertEquals(new LoyaltyProgress.StampProgress("hats", 2, 3, Credits.of(25)),
                p.stamps().stream().filter(x -> x.cardId().equals("hats")).findFirst().orElseThrow());
        LoyaltyProgress lapsed = program.progress(s, t("2026-12-09T00:00:00Z"));
        assertEquals(0, lapsed.streakDays());
    }

    @Test
    void progress_afterTodaysClaim_saysWhenTheNextClaimOpens() {
        DailyClaim.Claimed c = assertInstanceOf(DailyClaim.Claimed.class,
                program.claimDaily(LoyaltyState.NONE, t("2026-12-07T08:00:00Z")));
        LoyaltyProgress p = program.progress(c.state(), t("2026-12-07T23:59:59Z"));
        assertFalse(p.dailyClaimAvailable());
        assertEquals(Optional.of(t("2026-12-08T00:00:00Z")), p.nextClaimAt());
    }

    // --- state ------------------------------------------------------------------------------------------------

    @Test
    void state_rejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new LoyaltyState(10_000, 0, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LoyaltyState(0, 2, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LoyaltyState(0, 0, Optional.empty(), Map.of("a", 0), Optional.empty(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LoyaltyState(0, 0, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), 5));
    }
}

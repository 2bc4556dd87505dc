package dev.coinslot.domain.loyalty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoyaltyRulesTest {

    static LoyaltyRules valid() {
        return new LoyaltyRules(200,
                List.of(new StreakMilestone(7, Credits.of(50)), new StreakMilestone(3, Credits.of(20))),
                List.of(new StampCard("stickers", new StampScope.OfKind(SkuKind.STICKER), 5, Credits.of(49)),
                        new StampCard("any", new StampScope.AnyPurchase(), 10, Credits.of(30)),
                        new StampCard("hats", new StampScope.OfSku("hat-gold"), 3, Credits.of(25))),
                Credits.of(5), Credits.of(500), LoyaltyRules.allExpire(30));
    }

    @Test
    void validRules_areAccepted_withMilestonesSortedByDay() {
        LoyaltyRules rules = valid();
        assertEquals(List.of(3, 7), rules.streakMilestones().stream().map(StreakMilestone::atDays).toList());
        assertEquals(3, rules.nextMilestoneAfter(0).orElseThrow().atDays());
        assertEquals(7, rules.nextMilestoneAfter(3).orElseThrow().atDays());
        assertTrue(rules.nextMilestoneAfter(7).isEmpty());
    }

    @Test
    void badRules_areRejected_listingEveryProblemWithItsReason() {
        Map<RewardType, Integer> expiry = new EnumMap<>(LoyaltyRules.allExpire(30));
        expiry.remove(RewardType.EARNED);
        expiry.put(RewardType.DAILY_REWARD, 0);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> new LoyaltyRules(5_001,
                List.of(new StreakMilestone(1, Credits.of(10)), new StreakMilestone(4, Credits.ZERO),
                        new StreakMilestone(4, Credits.of(10)), new StreakMilestone(400, Credits.of(10))),
                List.of(new StampCard("Bad Id", new StampScope.AnyPurchase(), 1, Credits.of(10)),
                        new StampCard("dup", new StampScope.OfSku("NOT A SKU"), 5, Credits.of(1_000_001)),
                        new StampCard("dup", new StampScope.AnyPurchase(), 1_001, Credits.of(10))),
                Credits.of(-1), Credits.of(1_000_001), expiry));
        List<String> p = e.problems();
        assertEquals(List.of(
                "cashback: basis points must be between 0 and 5000 (50 %), was 5001",
                "streak milestone at day 1: day must be between 2 (a streak is at least two days) and 366",
                "streak milestone at day 4: reward must be between 1 and 1000000 credits, was 0",
                "streak milestone at day 4: defined twice",
                "streak milestone at day 400: day must be between 2 (a streak is at least two days) and 366",
                "stamp card 'Bad Id': id must match [a-z0-9][a-z0-9-]{0,63}",
                "stamp card 'Bad Id': every must be between 2 and 1000, was 1",
                "stamp card 'dup': sku must match [a-z0-9][a-z0-9-]{0,63}",
                "stamp card 'dup': reward must be between 1 and 1000000 credits, was 1000001",
                "stamp card 'dup': defined twice",
                "stamp card 'dup': every must be between 2 and 1000, was 1001",
                "daily reward: credits must be between 0 and 1000000, was -1",
                "grants: the daily cap must be between 0 and 1000000, was 1000001",
                "expiry of DAILY_REWARD: days must be between 1 and 3650, was 0",
                "expiry of EARNED: missing (rewards are promotional credits and always expire)"), p);
    }

    @Test
    void negativeCashback_tooManyCardsAndMilestones_areRejected() {
        List<StreakMilestone> milestones = java.util.stream.IntStream.rangeClosed(2, 12)
                .mapToObj(d -> new StreakMilestone(d, Credits.of(1))).toList();
        List<StampCard> cards = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> new StampCard("c" + i, new StampScope.AnyPurchase(), 2, Credits.of(1))).toList();
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new LoyaltyRules(-1, milestones, cards, Credits.ZERO, Credits.ZERO, LoyaltyRules.allExpire(3_651)));
        assertTrue(e.problems().contains("cashback: basis points must be between 0 and 5000 (50 %), was -1"), e.problems()::toString);
        assertTrue(e.problems().contains("streak: at most 10 milestones, were 11"), e.problems()::toString);
        assertTrue(e.problems().contains("stamp cards: at most 5, were 6"), e.problems()::toString);
        assertTrue(e.problems().contains("expiry of CASHBACK: days must be between 1 and 3650, was 3651"), e.problems()::toString);
        assertEquals(8, e.problems().size(), e.problems()::toString);
    }

    @Test
    void stampCardOnAnItemTheCatalogLacks_isRejected() {
        Catalog catalog = Catalog.of(List.of(new Sku("sticker-cat", "Cat", SkuKind.STICKER, Credits.of(49), List.of())));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> valid().checkedAgainst(catalog));
        assertEquals(List.of("stamp card 'hats': sku 'hat-gold' is not in the catalog"), e.problems());
    }

    @Test
    void expiry_isMidnightUtcAfterTheConfiguredWholeDays_followingTheDayOfTheReward() {
        LoyaltyRules rules = valid();
        assertEquals(Instant.parse("2027-01-07T00:00:00Z"), rules.expiresAt(RewardType.CASHBACK, Instant.parse("2026-12-07T00:00:00Z")));
        assertEquals(Instant.parse("2027-01-07T00:00:00Z"), rules.expiresAt(RewardType.CASHBACK, Instant.parse("2026-12-07T23:59:59.999Z")));
        assertEquals(Instant.parse("2027-01-08T00:00:00Z"), rules.expiresAt(RewardType.CASHBACK, Instant.parse("2026-12-08T00:00:00Z")));
    }

    @Test
    void summary_statesEveryRuleInPlainWords() {
        assertEquals(List.of(
                "2 % of every purchase back as promotional credits (fractions carry over to the next purchase), spendable for 30 days.",
                "20 credits for buying on 3 consecutive UTC days (a day without a purchase restarts the streak), spendable for 30 days.",
                "50 credits for buying on 7 consecutive UTC days (a day without a purchase restarts the streak), spendable for 30 days.",
                "49 credits for every 5th sticker purchase, spendable for 30 days.",
                "30 credits for every 10th purchase, spendable for 30 days.",
                "25 credits for every 3rd purchase of hat-gold, spendable for 30 days.",
                "5 credits once per UTC day when claimed, spendable for 30 days.",
                "Reward credits are spent before paid credits; paid credits never expire."), valid().summary());
        assertEquals(List.of("Reward credits are spent before paid credits; paid credits never expire."),
                LoyaltyRules.NONE.summary());
    }
}

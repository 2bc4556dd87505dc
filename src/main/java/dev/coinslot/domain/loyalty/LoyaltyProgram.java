package dev.coinslot.domain.loyalty;

import static dev.coinslot.domain.loyalty.LoyaltyRules.startOf;
import static dev.coinslot.domain.loyalty.LoyaltyRules.utcDay;

import dev.coinslot.domain.Credits;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The loyalty rules applied to one wallet's {@link LoyaltyState}: pure functions, no clock, no I/O. Days are UTC days:
 * 23:59:59.999999999 belongs to one day, 00:00:00 to the next.
 *
 * <p>Refunds: a refunded purchase gives back the cashback it earned (exactly the credits it was shown) and its stamps;
 * the carried cashback fraction is not rewound. Streak rewards already granted are kept and the streak is not shortened:
 * the user did buy on that day, and a streak reward is paid for the habit, not for the item.
 */
public final class LoyaltyProgram {

    private final LoyaltyRules rules;

    public LoyaltyProgram(LoyaltyRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public LoyaltyRules rules() {
        return rules;
    }

    /**
     * Cashback, streak and stamps for one purchase. Cashback: (remainder + basis × rate) ÷ 10,000 credits, the rest
     * carried, so after any sequence of purchases Σ cashback = floor(Σ basis × rate ÷ 10,000). Streak: a purchase on
     * the UTC day after the last purchase day extends it, one on the same day (or, with a clock that went back, an
     * earlier one) leaves it, any other starts it at 1; reaching a milestone's day earns it. Stamps: one per card in
     * scope; the {@code every}-th completes the card (a card holding more stamps than {@code every}, after the rule
     * was lowered, completes once on its next stamp).
     */
    public PurchaseRewards onPurchase(LoyaltyState state, LoyaltyPurchase purchase) {
        Instant at = purchase.at();
        LocalDate day = utcDay(at);
        List<EarnedReward> earned = new ArrayList<>();

        long carried = Math.addExact(state.cashbackRemainder(),
                Math.multiplyExact(purchase.cashbackBasis().amount(), (long) rules.cashbackBasisPoints()));
        long cashback = carried / LoyaltyRules.BASIS_POINTS;
        if (cashback > 0) {
            earned.add(new EarnedReward(RewardType.CASHBACK, "cashback", Credits.of(cashback),
                    rules.expiresAt(RewardType.CASHBACK, at)));
        }

        int streak = state.streakDays();
        Optional<LocalDate> last = state.lastPurchaseDay();
        boolean sameOrEarlierDay = last.isPresent() && !last.get().isBefore(day);
        if (!sameOrEarlierDay) {
            streak = last.filter(day.minusDays(1)::equals).isPresent() ? Math.addExact(streak, 1) : 1;
            int reached = streak;
            rules.streakMilestones().stream().filter(m -> m.atDays() == reached).findFirst()
                    .ifPresent(m -> earned.add(new EarnedReward(RewardType.STREAK_REWARD, m.rule(), m.credits(),
                            rules.expiresAt(RewardType.STREAK_REWARD, at))));
        }
        LocalDate streakDay = sameOrEarlierDay ? last.get() : day;

        Map<String, Integer> stamps = new HashMap<>();
        List<String> stamped = new ArrayList<>();
        for (StampCard card : rules.stampCards()) {
            int count = state.stampsOn(card.id());
            if (card.scope().matches(purchase.skuId(), purchase.kind())) {
                stamped.add(card.id());
                count++;
                if (count >= card.every()) {
                    earned.add(new EarnedReward(RewardType.STAMP_REWARD, card.rule(), card.reward(),
                            rules.expiresAt(RewardType.STAMP_REWARD, at)));
                    count = 0;
                }
            }
            if (count > 0) {
                stamps.put(card.id(), count);
            }
        }

        LoyaltyState next = new LoyaltyState(carried % LoyaltyRules.BASIS_POINTS, streak, Optional.of(streakDay), stamps,
                state.lastDailyClaimDay(), state.grantDay(), state.grantedOnGrantDay());
        return new PurchaseRewards(next, earned, stamped);
    }

    /** The daily reward, once per UTC day. */
    public DailyClaim claimDaily(LoyaltyState state, Instant at) {
        if (!rules.dailyRewardOffered()) {
            return new DailyClaim.NotOffered();
        }
        LocalDate day = utcDay(at);
        Instant next = startOf(day.plusDays(1));
        if (state.lastDailyClaimDay().filter(d -> !d.isBefore(day)).isPresent()) {
            return new DailyClaim.AlreadyClaimed(next);
        }
        LoyaltyState claimed = new LoyaltyState(state.cashbackRemainder(), state.streakDays(), state.lastPurchaseDay(),
                state.stamps(), Optional.of(day), state.grantDay(), state.grantedOnGrantDay());
        return new DailyClaim.Claimed(claimed, new EarnedReward(RewardType.DAILY_REWARD, "daily",
                rules.dailyRewardCredits(), rules.expiresAt(RewardType.DAILY_REWARD, at)), next);
    }

    /**
     * An operator's grant of {@code credits} (positive) earned by the user, within the per-user cap for the UTC day of
     * {@code at}: a grant that reaches the cap exactly passes, one credit more does not.
     */
    public GrantOutcome grant(LoyaltyState state, Credits credits, Instant at) {
        if (!credits.isPositive()) {
            throw new IllegalArgumentException("a grant is a positive number of credits");
        }
        Credits cap = rules.grantCapPerDay();
        if (cap.isLessThan(credits)) {
            return new GrantOutcome.AboveCap(cap);
        }
        LocalDate day = utcDay(at);
        long today = state.grantedOn(day);
        if (Math.addExact(today, credits.amount()) > cap.amount()) {
            return new GrantOutcome.CapReached(cap, Credits.of(today), startOf(day.plusDays(1)));
        }
        LoyaltyState granted = new LoyaltyState(state.cashbackRemainder(), state.streakDays(), state.lastPurchaseDay(),
                state.stamps(), state.lastDailyClaimDay(), Optional.of(day), today + credits.amount());
        return new GrantOutcome.Granted(granted, new EarnedReward(RewardType.EARNED, "grant", credits,
                rules.expiresAt(RewardType.EARNED, at)));
    }

    /**
     * What a refund of {@code purchase} takes back: the cashback it earned, and one stamp from each card it was stamped
     * on. A card still holding stamps loses one; a card at 0 (its stamp went into a card completed since, by this
     * purchase or a later one) goes back to {@code every − 1} stamps and its reward is taken back (the credits this
     * purchase earned for it, or else the card's current reward). Cards no longer configured and streaks are left
     * alone.
     */
    public RefundTakeback onRefund(LoyaltyState state, RefundedPurchase purchase) {
        List<RefundTakeback.Taken> taken = new ArrayList<>();
        for (EarnedReward reward : purchase.earned()) {
            if (reward.type() == RewardType.CASHBACK) {
                taken.add(new RefundTakeback.Taken(RewardType.CASHBACK, reward.rule(), reward.credits()));
            }
        }
        Map<String, Integer> stamps = new HashMap<>(state.stamps());
        for (StampCard card : rules.stampCards()) {
            if (!purchase.stamped().contains(card.id())) {
                continue;
            }
            int count = state.stampsOn(card.id());
            if (count > 0) {
                count--;
            } else {
                count = card.every() - 1;
                Credits reward = purchase.earned().stream()
                        .filter(r -> r.type() == RewardType.STAMP_REWARD && r.rule().equals(card.rule()))
                        .map(EarnedReward::credits).findFirst().orElse(card.reward());
                taken.add(new RefundTakeback.Taken(RewardType.STAMP_REWARD, card.rule(), reward));
            }
            if (count > 0) {
                stamps.put(card.id(), count);
            } else {
                stamps.remove(card.id());
            }
        }
        LoyaltyState next = new LoyaltyState(state.cashbackRemainder(), state.streakDays(), state.lastPurchaseDay(),
                stamps, state.lastDailyClaimDay(), state.grantDay(), state.grantedOnGrantDay());
        return new RefundTakeback(next, taken);
    }

    /** The wallet's standing at {@code at}, for {@code GET /wallet}. */
    public LoyaltyProgress progress(LoyaltyState state, Instant at) {
        LocalDate day = utcDay(at);
        int streak = state.streakOn(day);
        List<LoyaltyProgress.StampProgress> cards = rules.stampCards().stream()
                .map(c -> new LoyaltyProgress.StampProgress(c.id(), Math.min(state.stampsOn(c.id()), c.every() - 1),
                        c.every(), c.reward()))
                .toList();
        boolean offered = rules.dailyRewardOffered();
        boolean claimedToday = state.lastDailyClaimDay().filter(d -> !d.isBefore(day)).isPresent();
        return new LoyaltyProgress(streak, rules.nextMilestoneAfter(streak), cards, offered && !claimedToday,
                offered && claimedToday ? Optional.of(startOf(day.plusDays(1))) : Optional.empty());
    }
}

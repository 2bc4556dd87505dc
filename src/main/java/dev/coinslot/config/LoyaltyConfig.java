package dev.coinslot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loyalty rules (issue 18), validated at start-up into {@code domain.loyalty.LoyaltyRules} by
 * {@link LoyaltyProducers}. Everything defaults to off; expiries default to 30 days.
 */
@ConfigMapping(prefix = "coinslot.loyalty")
public interface LoyaltyConfig {

    /** Share of a purchase returned as promotional credits, in basis points (100 = 1 %); 0 = no cashback. */
    @WithName("cashback-basis-points")
    @WithDefault("0")
    int cashbackBasisPoints();

    /** Streak milestones as {@code days:credits} entries, e.g. {@code 3:20,7:50}; none by default. */
    @WithName("streak-milestones")
    Optional<List<String>> streakMilestones();

    /** Stamp cards by id. */
    @WithName("stamp-cards")
    Map<String, StampCardConfig> stampCards();

    /** Credits of the daily claim; 0 = no daily reward. */
    @WithName("daily-reward-credits")
    @WithDefault("0")
    long dailyRewardCredits();

    /** Most credits the operator's services may grant one user per UTC day; 0 = no grants. */
    @WithName("grant-cap-per-day")
    @WithDefault("0")
    long grantCapPerDay();

    /** How many whole days each reward type's credits stay spendable. */
    @WithName("expiry-days")
    ExpiryDays expiryDays();

    interface StampCardConfig {
        /** Which purchases count: {@code any}, {@code kind:<sticker|cosmetic|article|bundle>} or {@code sku:<sku id>}. */
        String of();

        /** Stamps per card: the every-th stamp completes it. */
        int every();

        @WithName("reward-credits")
        long rewardCredits();
    }

    interface ExpiryDays {
        @WithDefault("30")
        int cashback();

        @WithName("streak-reward")
        @WithDefault("30")
        int streakReward();

        @WithName("stamp-reward")
        @WithDefault("30")
        int stampReward();

        @WithName("daily-reward")
        @WithDefault("30")
        int dailyReward();

        @WithDefault("30")
        int earned();
    }
}

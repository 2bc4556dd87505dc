package dev.coinslot.config;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.domain.loyalty.StampCard;
import dev.coinslot.domain.loyalty.StampScope;
import dev.coinslot.domain.loyalty.StreakMilestone;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the validated loyalty rules from {@link LoyaltyConfig} at start-up; a bad rule stops the function. */
@ApplicationScoped
public class LoyaltyProducers {

    @Produces
    @Singleton
    @Startup
    LoyaltyRules loyaltyRules(LoyaltyConfig config, Catalog catalog) {
        List<String> problems = new ArrayList<>();
        List<StreakMilestone> milestones = new ArrayList<>();
        for (String entry : config.streakMilestones().orElse(List.of())) {
            try {
                milestones.add(milestone(entry));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        List<StampCard> cards = new ArrayList<>();
        for (Map.Entry<String, LoyaltyConfig.StampCardConfig> e : config.stampCards().entrySet()) {
            LoyaltyConfig.StampCardConfig c = e.getValue();
            try {
                cards.add(new StampCard(e.getKey(), scope(c.of()), c.every(), Credits.of(c.rewardCredits())));
            } catch (IllegalArgumentException ex) {
                problems.add("stamp card '" + e.getKey() + "': " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("loyalty", problems);
        }
        LoyaltyConfig.ExpiryDays d = config.expiryDays();
        Map<RewardType, Integer> expiry = new EnumMap<>(RewardType.class);
        expiry.put(RewardType.CASHBACK, d.cashback());
        expiry.put(RewardType.STREAK_REWARD, d.streakReward());
        expiry.put(RewardType.STAMP_REWARD, d.stampReward());
        expiry.put(RewardType.DAILY_REWARD, d.dailyReward());
        expiry.put(RewardType.EARNED, d.earned());
        return new LoyaltyRules(config.cashbackBasisPoints(), milestones, cards, Credits.of(config.dailyRewardCredits()),
                Credits.of(config.grantCapPerDay()), expiry).checkedAgainst(catalog);
    }

    @Produces
    @Singleton
    LoyaltyProgram loyaltyProgram(LoyaltyRules rules) {
        return new LoyaltyProgram(rules);
    }

    /** A {@code days:credits} milestone entry. */
    static StreakMilestone milestone(String entry) {
        String[] parts = entry.trim().split(":");
        try {
            if (parts.length == 2) {
                return new StreakMilestone(Integer.parseInt(parts[0].trim()), Credits.of(Long.parseLong(parts[1].trim())));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("streak milestone '" + entry + "': expected days:credits, e.g. 7:50");
    }

    /** {@code any}, {@code kind:<kind>} or {@code sku:<sku id>}. */
    static StampScope scope(String of) {
        String value = of.trim();
        if (value.equals("any")) {
            return new StampScope.AnyPurchase();
        }
        if (value.startsWith("kind:")) {
            String kind = value.substring("kind:".length()).trim().toUpperCase(Locale.ROOT);
            for (SkuKind k : SkuKind.values()) {
                if (k.name().equals(kind)) {
                    return new StampScope.OfKind(k);
                }
            }
            throw new IllegalArgumentException("unknown kind in '" + of + "' (expected one of " + List.of(SkuKind.values()) + ")");
        }
        if (value.startsWith("sku:")) {
            return new StampScope.OfSku(value.substring("sku:".length()).trim());
        }
        throw new IllegalArgumentException("of must be any, kind:<kind> or sku:<sku id>, was '" + of + "'");
    }
}

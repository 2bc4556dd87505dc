package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.InvalidConfigurationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's loyalty rules, validated when built (every problem is listed in one
 * {@link InvalidConfigurationException}). Every reward is promotional credits; none is random.
 *
 * <ul>
 * <li>{@code cashbackBasisPoints}: the share of a purchase's cashback basis returned as credits, in basis points
 * (1/100 of a percent, 0 = no cashback). Fractions of a credit are carried to the next purchase, never lost.</li>
 * <li>{@code streakMilestones}: rewards for purchasing on consecutive UTC days, sorted by {@code atDays}; a missed day
 * resets the streak. After the last milestone the streak keeps counting and gives nothing more.</li>
 * <li>{@code stampCards}: every N-th purchase in a card's scope earns its reward.</li>
 * <li>{@code dailyRewardCredits}: what {@code POST /rewards/daily} gives once per UTC day (0 = no daily reward).</li>
 * <li>{@code grantCapPerDay}: the most credits the operator's services may grant one user per UTC day (0 = no
 * grants).</li>
 * <li>{@code expiryDays}: per reward type, how many whole days its credits stay spendable (see
 * {@link #expiresAt}). Every type needs one: rewards are promotional and always expire.</li>
 * </ul>
 */
public record LoyaltyRules(int cashbackBasisPoints, List<StreakMilestone> streakMilestones, List<StampCard> stampCards,
        Credits dailyRewardCredits, Credits grantCapPerDay, Map<RewardType, Integer> expiryDays) {

    /** 100 %, in basis points. */
    public static final int BASIS_POINTS = 10_000;
    public static final int MAX_CASHBACK_BASIS_POINTS = 5_000;
    public static final int MAX_EXPIRY_DAYS = 3_650;
    public static final int MAX_MILESTONES = 10;
    public static final int MAX_STREAK_DAYS = 366;
    public static final int MAX_STAMP_CARDS = 5;
    public static final int MAX_STAMPS_PER_CARD = 1_000;
    /** The largest single reward (and daily grant cap) a rule may configure. */
    public static final long MAX_REWARD_CREDITS = 1_000_000;

    /** No rewards at all (every expiry 30 days, unused). */
    public static final LoyaltyRules NONE = new LoyaltyRules(0, List.of(), List.of(), Credits.ZERO, Credits.ZERO,
            allExpire(30));

    public LoyaltyRules {
        Objects.requireNonNull(streakMilestones, "streakMilestones");
        Objects.requireNonNull(stampCards, "stampCards");
        Objects.requireNonNull(dailyRewardCredits, "dailyRewardCredits");
        Objects.requireNonNull(grantCapPerDay, "grantCapPerDay");
        Objects.requireNonNull(expiryDays, "expiryDays");
        streakMilestones = streakMilestones.stream().sorted(Comparator.comparingInt(StreakMilestone::atDays)).toList();
        stampCards = List.copyOf(stampCards);
        expiryDays = expiryDays.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(expiryDays));
        List<String> problems = new ArrayList<>();
        if (cashbackBasisPoints < 0 || cashbackBasisPoints > MAX_CASHBACK_BASIS_POINTS) {
            problems.add("cashback: basis points must be between 0 and " + MAX_CASHBACK_BASIS_POINTS + " (50 %), was "
                    + cashbackBasisPoints);
        }
        if (streakMilestones.size() > MAX_MILESTONES) {
            problems.add("streak: at most " + MAX_MILESTONES + " milestones, were " + streakMilestones.size());
        }
        Set<Integer> days = new HashSet<>();
        for (StreakMilestone m : streakMilestones) {
            String name = "streak milestone at day " + m.atDays();
            if (m.atDays() < 2 || m.atDays() > MAX_STREAK_DAYS) {
                problems.add(name + ": day must be between 2 (a streak is at least two days) and " + MAX_STREAK_DAYS);
            }
            if (!days.add(m.atDays())) {
                problems.add(name + ": defined twice");
            }
            checkReward(problems, name, m.credits());
        }
        if (stampCards.size() > MAX_STAMP_CARDS) {
            problems.add("stamp cards: at most " + MAX_STAMP_CARDS + ", were " + stampCards.size());
        }
        Set<String> ids = new HashSet<>();
        for (StampCard card : stampCards) {
            String name = "stamp card '" + card.id() + "'";
            if (!Catalog.ID.matcher(card.id()).matches()) {
                problems.add(name + ": id must match " + Catalog.ID.pattern());
            }
            if (!ids.add(card.id())) {
                problems.add(name + ": defined twice");
            }
            if (card.every() < 2 || card.every() > MAX_STAMPS_PER_CARD) {
                problems.add(name + ": every must be between 2 and " + MAX_STAMPS_PER_CARD + ", was " + card.every());
            }
            if (card.scope() instanceof StampScope.OfSku(String sku) && !Catalog.ID.matcher(sku).matches()) {
                problems.add(name + ": sku must match " + Catalog.ID.pattern());
            }
            checkReward(problems, name, card.reward());
        }
        if (dailyRewardCredits.isNegative() || dailyRewardCredits.amount() > MAX_REWARD_CREDITS) {
            problems.add("daily reward: credits must be between 0 and " + MAX_REWARD_CREDITS + ", was "
                    + dailyRewardCredits.amount());
        }
        if (grantCapPerDay.isNegative() || grantCapPerDay.amount() > MAX_REWARD_CREDITS) {
            problems.add("grants: the daily cap must be between 0 and " + MAX_REWARD_CREDITS + ", was "
                    + grantCapPerDay.amount());
        }
        for (RewardType type : RewardType.values()) {
            Integer d = expiryDays.get(type);
            if (d == null) {
                problems.add("expiry of " + type + ": missing (rewards are promotional credits and always expire)");
            } else if (d < 1 || d > MAX_EXPIRY_DAYS) {
                problems.add("expiry of " + type + ": days must be between 1 and " + MAX_EXPIRY_DAYS + ", was " + d);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("loyalty", problems);
        }
    }

    private static void checkReward(List<String> problems, String name, Credits credits) {
        if (!credits.isPositive() || credits.amount() > MAX_REWARD_CREDITS) {
            problems.add(name + ": reward must be between 1 and " + MAX_REWARD_CREDITS + " credits, was "
                    + credits.amount());
        }
    }

    /** The same expiry for every reward type. */
    public static Map<RewardType, Integer> allExpire(int days) {
        Map<RewardType, Integer> map = new EnumMap<>(RewardType.class);
        for (RewardType type : RewardType.values()) {
            map.put(type, days);
        }
        return map;
    }

    /** These rules, or an {@link InvalidConfigurationException} if a stamp card names an item the catalog lacks. */
    public LoyaltyRules checkedAgainst(Catalog catalog) {
        List<String> problems = new ArrayList<>();
        for (StampCard card : stampCards) {
            if (card.scope() instanceof StampScope.OfSku(String sku) && catalog.find(sku).isEmpty()) {
                problems.add("stamp card '" + card.id() + "': sku '" + sku + "' is not in the catalog");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("loyalty", problems);
        }
        return this;
    }

    /**
     * When credits of {@code type} given at {@code at} expire: 00:00 UTC after {@code expiryDays} whole days following
     * the UTC day of {@code at}. Rewards given on one UTC day thus share one expiry instant (one lot) and stay spendable
     * for at least {@code expiryDays} × 24 h.
     */
    public Instant expiresAt(RewardType type, Instant at) {
        return utcDay(at).plusDays(expiryDays.get(type) + 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The first milestone beyond a streak of {@code streakDays} days, if any. */
    public Optional<StreakMilestone> nextMilestoneAfter(int streakDays) {
        return streakMilestones.stream().filter(m -> m.atDays() > streakDays).findFirst();
    }

    public boolean dailyRewardOffered() {
        return dailyRewardCredits.isPositive();
    }

    /** The rules in plain sentences, for the public rules page. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        if (cashbackBasisPoints > 0) {
            lines.add(percent(cashbackBasisPoints) + " of every purchase back as promotional credits (fractions carry"
                    + " over to the next purchase), spendable for " + expiryDays.get(RewardType.CASHBACK) + " days.");
        }
        for (StreakMilestone m : streakMilestones) {
            lines.add(m.credits().amount() + " credits for buying on " + m.atDays()
                    + " consecutive UTC days (a day without a purchase restarts the streak), spendable for "
                    + expiryDays.get(RewardType.STREAK_REWARD) + " days.");
        }
        for (StampCard card : stampCards) {
            String of = switch (card.scope()) {
                case StampScope.AnyPurchase any -> "purchase";
                case StampScope.OfKind(var kind) -> kind.name().toLowerCase(java.util.Locale.ROOT) + " purchase";
                case StampScope.OfSku(String sku) -> "purchase of " + sku;
            };
            lines.add(card.reward().amount() + " credits for every " + ordinal(card.every()) + " " + of
                    + ", spendable for " + expiryDays.get(RewardType.STAMP_REWARD) + " days.");
        }
        if (dailyRewardOffered()) {
            lines.add(dailyRewardCredits.amount() + " credits once per UTC day when claimed, spendable for "
                    + expiryDays.get(RewardType.DAILY_REWARD) + " days.");
        }
        lines.add("Reward credits are spent before paid credits; paid credits never expire.");
        return List.copyOf(lines);
    }

    static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static String percent(int basisPoints) {
        String s = java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
        return s + " %";
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}

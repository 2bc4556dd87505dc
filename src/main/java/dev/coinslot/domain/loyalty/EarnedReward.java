package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Promotional credits given by one loyalty rule: {@code credits} (positive) of {@code type}, spendable until
 * {@code expiresAt} (exclusive: at that instant they have expired). {@code rule} names the rule that gave them
 * ({@code cashback}, {@code streak-7}, {@code stamp-<card id>}, {@code daily}, {@code grant}), so a purchase earns each
 * rule's reward at most once and a refund finds what its purchase earned.
 */
public record EarnedReward(RewardType type, String rule, Credits credits, Instant expiresAt) {

    static final Pattern RULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,71}");

    public EarnedReward {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!RULE.matcher(rule).matches()) {
            throw new IllegalArgumentException("rule must match " + RULE.pattern() + ", was '" + rule + "'");
        }
        if (!credits.isPositive()) {
            throw new IllegalArgumentException("a reward is a positive number of credits, was " + credits.amount());
        }
    }
}

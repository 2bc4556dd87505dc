package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A wallet's loyalty standing at one instant, as {@code GET /wallet} shows it. {@code streakDays}: the streak that a
 * purchase today continues (0 if it lapsed); {@code nextStreakReward}: the next milestone beyond it;
 * {@code stamps}: each card's progress; {@code dailyClaimAvailable}, and {@code nextClaimAt} (empty when a claim is
 * available now or no daily reward is offered).
 */
public record LoyaltyProgress(int streakDays, Optional<StreakMilestone> nextStreakReward, List<StampProgress> stamps,
        boolean dailyClaimAvailable, Optional<Instant> nextClaimAt) {

    /** {@code count} stamps of {@code of} on card {@code cardId}; completing it gives {@code reward}. */
    public record StampProgress(String cardId, int count, int of, Credits reward) {
    }

    public LoyaltyProgress {
        Objects.requireNonNull(nextStreakReward, "nextStreakReward");
        Objects.requireNonNull(nextClaimAt, "nextClaimAt");
        stamps = List.copyOf(stamps);
    }
}

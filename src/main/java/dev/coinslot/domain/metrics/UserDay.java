package dev.coinslot.domain.metrics;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One user's activity on one UTC day (the per-user-per-day marker item): the ground truth for distinct-user counts
 * over any period (purchasers, payers, active users, churn). {@code skus} are the SKUs the user bought that day.
 */
public record UserDay(LocalDate day, String userId, long purchases, long creditsSpent, long topUps,
        Map<String, Long> topUpMinor, long clawedBackCredits, Set<String> skus) {

    public UserDay {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(userId, "userId");
        topUpMinor = Map.copyOf(topUpMinor);
        skus = Set.copyOf(skus);
    }

    public boolean purchased() {
        return purchases > 0;
    }

    public boolean paid() {
        return topUps > 0;
    }
}

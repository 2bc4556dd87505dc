package dev.coinslot.domain.metrics;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The counters of one UTC day, as the aggregate item holds them. Distinct-user counts ({@code purchasers},
 * {@code payers}, {@code activeUsers}) are exact: each is raised once per user and day, by the fact that created the
 * user's first activity of that kind that day. {@code topUpMinor} is money in minor units per ISO currency.
 * {@code purchaseRefunds} and {@code refundedCredits} count purchases refunded that day and their totals (the day of
 * the refund, not of the purchase).
 */
public record DayCounters(LocalDate day, long purchases, long quantity, long creditsSpent, long purchasers,
        long topUps, Map<String, Long> topUpMinor, long topUpCredits, long payers, long clawbacks,
        long clawedBackCredits, long activeUsers, long purchaseRefunds, long refundedCredits) {

    public DayCounters {
        Objects.requireNonNull(day, "day");
        topUpMinor = Map.copyOf(topUpMinor);
    }

    /** A day with no purchase refunds. */
    public DayCounters(LocalDate day, long purchases, long quantity, long creditsSpent, long purchasers, long topUps,
            Map<String, Long> topUpMinor, long topUpCredits, long payers, long clawbacks, long clawedBackCredits,
            long activeUsers) {
        this(day, purchases, quantity, creditsSpent, purchasers, topUps, topUpMinor, topUpCredits, payers, clawbacks,
                clawedBackCredits, activeUsers, 0, 0);
    }

    public static DayCounters empty(LocalDate day) {
        return new DayCounters(day, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0);
    }

    public long topUpMinor(String currency) {
        return topUpMinor.getOrDefault(currency, 0L);
    }
}

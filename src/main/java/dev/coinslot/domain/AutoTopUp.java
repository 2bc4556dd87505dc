package dev.coinslot.domain;

import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * A wallet's auto top-up setting: when a checkout finds the balance short, charge the saved card off-session for
 * {@code packId} (or the smallest pack covering the shortfall), at most {@code monthlyCap} per UTC month.
 * {@code chargedMonth}/{@code chargedMinor} count what auto top-ups have charged (or are charging) in that month;
 * {@code consecutiveFailures} counts declines since the last success, and after too many the setting switches itself
 * off with {@code disabledReason}.
 */
public record AutoTopUp(boolean enabled, String packId, Money monthlyCap, YearMonth chargedMonth, long chargedMinor,
        int consecutiveFailures, Optional<String> disabledReason) {

    public AutoTopUp {
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(monthlyCap, "monthlyCap");
        Objects.requireNonNull(chargedMonth, "chargedMonth");
        Objects.requireNonNull(disabledReason, "disabledReason");
        if (chargedMinor < 0 || consecutiveFailures < 0) {
            throw new IllegalArgumentException("auto top-up counters must not be negative");
        }
    }

    /** What auto top-ups have charged in {@code month} (zero when the counters are from another month). */
    public long chargedIn(YearMonth month) {
        return chargedMonth.equals(month) ? chargedMinor : 0;
    }

    /** Whether one more charge of {@code price} in {@code month} stays within the monthly cap. */
    public boolean allows(Money price, YearMonth month) {
        return price.currency().equals(monthlyCap.currency())
                && chargedIn(month) <= monthlyCap.amountMinor() - price.amountMinor();
    }
}

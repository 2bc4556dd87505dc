package dev.coinslot.domain.loyalty;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One wallet's loyalty progress, small enough to live on the wallet item.
 *
 * <ul>
 * <li>{@code cashbackRemainder}: the fraction of a credit carried to the next purchase, in credit × basis points
 * (0 ≤ remainder &lt; {@link LoyaltyRules#BASIS_POINTS}): Σ cashback × 10,000 + remainder = Σ basis × rate.</li>
 * <li>{@code streakDays} and {@code lastPurchaseDay}: the consecutive UTC days with a purchase ending on
 * {@code lastPurchaseDay}; 0 and empty before the first purchase.</li>
 * <li>{@code stamps}: stamps on each card's current (incomplete) card, by card id; cards at 0 are left out.</li>
 * <li>{@code lastDailyClaimDay}: the UTC day of the last daily claim.</li>
 * <li>{@code grantDay} and {@code grantedOnGrantDay}: credits granted by the operator on that UTC day.</li>
 * </ul>
 */
public record LoyaltyState(long cashbackRemainder, int streakDays, Optional<LocalDate> lastPurchaseDay,
        Map<String, Integer> stamps, Optional<LocalDate> lastDailyClaimDay, Optional<LocalDate> grantDay,
        long grantedOnGrantDay) {

    /** A wallet that has earned nothing yet. */
    public static final LoyaltyState NONE = new LoyaltyState(0, 0, Optional.empty(), Map.of(), Optional.empty(),
            Optional.empty(), 0);

    public LoyaltyState {
        Objects.requireNonNull(lastPurchaseDay, "lastPurchaseDay");
        Objects.requireNonNull(stamps, "stamps");
        Objects.requireNonNull(lastDailyClaimDay, "lastDailyClaimDay");
        Objects.requireNonNull(grantDay, "grantDay");
        if (cashbackRemainder < 0 || cashbackRemainder >= LoyaltyRules.BASIS_POINTS) {
            throw new IllegalArgumentException("cashback remainder must be in [0, 10000), was " + cashbackRemainder);
        }
        if (streakDays < 0 || (streakDays == 0) != lastPurchaseDay.isEmpty()) {
            throw new IllegalArgumentException("a streak of " + streakDays + " days needs a last purchase day exactly when"
                    + " it is positive");
        }
        stamps.forEach((card, count) -> {
            if (count == null || count < 1) {
                throw new IllegalArgumentException("card " + card + " must hold at least one stamp to be kept");
            }
        });
        stamps = Map.copyOf(stamps);
        if (grantedOnGrantDay < 0 || (grantedOnGrantDay > 0 && grantDay.isEmpty())) {
            throw new IllegalArgumentException("granted credits must be non-negative and belong to a day");
        }
    }

    /** Stamps on the current card {@code cardId}. */
    public int stampsOn(String cardId) {
        return stamps.getOrDefault(cardId, 0);
    }

    /** Credits granted by the operator on {@code day}. */
    public long grantedOn(LocalDate day) {
        return grantDay.filter(day::equals).isPresent() ? grantedOnGrantDay : 0;
    }

    /** The streak as it stands on {@code today}: 0 when the last purchase was before yesterday. */
    public int streakOn(LocalDate today) {
        return lastPurchaseDay.filter(d -> !d.isBefore(today.minusDays(1))).isPresent() ? streakDays : 0;
    }
}

package dev.coinslot.domain.store;

import dev.coinslot.domain.Credits;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A time-limited price for one SKU: while valid ({@code startsAt} ≤ now &lt; {@code endsAt}, to the second and beyond)
 * a user of one of {@code segments} (empty: everyone) pays {@code priceCredits} per unit instead of the list price, for
 * at most {@code perUserLimit} units over the offer's life (empty: no limit). The limit is counted on the wallet item and
 * never given back by a refund.
 */
public record Offer(String offerId, String skuId, Credits priceCredits, Instant startsAt, Instant endsAt,
        Optional<Integer> perUserLimit, Set<Segment> segments) {

    public Offer {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(priceCredits, "priceCredits");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(perUserLimit, "perUserLimit");
        segments = segments == null || segments.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(segments));
    }

    /** Valid from {@code startsAt} inclusive to {@code endsAt} exclusive. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean targets(Segment segment) {
        return segments.isEmpty() || segments.contains(segment);
    }

    /** Units this user may still buy at the offer price, having bought {@code used} already (empty: unlimited). */
    public Optional<Integer> remaining(int used) {
        return perUserLimit.map(limit -> Math.max(0, limit - used));
    }
}

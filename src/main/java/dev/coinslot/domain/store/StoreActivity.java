package dev.coinslot.domain.store;

import dev.coinslot.domain.Credits;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the storefront knows about a user, kept on the wallet item and changed only by purchases (so the version of the
 * wallet pins it): how many purchases were made (counted since this record exists), credits spent per day in the last
 * 30 days, and units bought per offer (the per-user limits; a refund gives none back).
 */
public record StoreActivity(long purchases, SpendHistory spent, Map<String, Integer> offerUses) {

    public static final StoreActivity NONE = new StoreActivity(0, SpendHistory.NONE, Map.of());

    public StoreActivity {
        Objects.requireNonNull(spent, "spent");
        offerUses = Map.copyOf(offerUses);
    }

    /** The user's segment today; {@code highSpenderCredits}: spending in the last 30 days that makes a high spender. */
    public Segment segment(LocalDate today, Credits highSpenderCredits) {
        if (purchases == 0) {
            return Segment.NEW;
        }
        return spent.last30Days(today).isLessThan(highSpenderCredits) ? Segment.RETURNING : Segment.HIGH_SPENDER;
    }

    public int used(String offerId) {
        return offerUses.getOrDefault(offerId, 0);
    }

    /**
     * Only the counts of {@code liveOffers} (the offers of the current catalog document): an offer the operator removed
     * can no longer be charged, so its count is dropped from the wallet item, which keeps the item small.
     */
    public StoreActivity retainOffers(Set<String> liveOffers) {
        if (liveOffers.containsAll(offerUses.keySet())) {
            return this;
        }
        Map<String, Integer> kept = new HashMap<>(offerUses);
        kept.keySet().retainAll(liveOffers);
        return new StoreActivity(purchases, spent, kept);
    }

    /** After a purchase of {@code total} on {@code day}, {@code quantity} units of it at the price of {@code offerId}. */
    public StoreActivity purchase(Credits total, LocalDate day, Optional<String> offerId, int quantity) {
        Map<String, Integer> uses = new HashMap<>(offerUses);
        offerId.ifPresent(id -> uses.merge(id, quantity, Math::addExact));
        return new StoreActivity(purchases + 1, spent.plus(total, day), uses);
    }
}

package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.util.Objects;

/**
 * A stamp card: each purchase in {@code scope} adds one stamp (whatever its quantity); the {@code every}-th stamp
 * completes the card, gives {@code reward} credits and starts a new card.
 */
public record StampCard(String id, StampScope scope, int every, Credits reward) {

    public StampCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reward, "reward");
    }

    /** The rule name recorded with the reward, e.g. {@code stamp-stickers}. */
    public String rule() {
        return "stamp-" + id;
    }
}

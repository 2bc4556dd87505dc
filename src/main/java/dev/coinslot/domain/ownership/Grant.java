package dev.coinslot.domain.ownership;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * What one unit of a catalog item grants its buyer: a {@link Permanent} unlock, a {@link Pass} of {@code duration}, or a
 * {@link Consumable} {@code quantity} that accumulates and is used up. Bundles grant what their items grant.
 */
public sealed interface Grant {

    /** Longest pass one unit may grant; keeps pass ends far from overflow. */
    Duration MAX_PASS = Duration.ofDays(3660);
    /** Most a consumable unit may grant. */
    long MAX_QUANTITY = 1_000_000;

    EntitlementType type();

    /** The catalog's spelling of this grant, which {@link #parse} reads back. */
    default String spelling() {
        return switch (this) {
            case Permanent p -> "permanent";
            case Pass p -> "pass:" + p.duration();
            case Consumable c -> "consumable:" + c.quantity();
        };
    }

    /** An unlock that never ends; owning it twice makes no sense, so a second purchase is refused. */
    record Permanent() implements Grant {
        @Override
        public EntitlementType type() {
            return EntitlementType.PERMANENT;
        }
    }

    /** Access for {@code duration} (positive), extended from the current end while a pass is active. */
    record Pass(Duration duration) implements Grant {
        public Pass {
            if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_PASS) > 0) {
                throw new IllegalArgumentException("a pass lasts between 1 second and " + MAX_PASS + ": " + duration);
            }
        }

        @Override
        public EntitlementType type() {
            return EntitlementType.PASS;
        }
    }

    /** {@code quantity} (1 to {@link #MAX_QUANTITY}) units to use up, added to what the owner has. */
    record Consumable(long quantity) implements Grant {
        public Consumable {
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                throw new IllegalArgumentException("a consumable grants 1 to " + MAX_QUANTITY + " units: " + quantity);
            }
        }

        @Override
        public EntitlementType type() {
            return EntitlementType.CONSUMABLE;
        }
    }

    /**
     * Reads the catalog's spelling: {@code permanent}, {@code pass:<ISO-8601 duration>} (e.g. {@code pass:P1D}),
     * {@code consumable} or {@code consumable:<quantity>}. Empty when it is none of these.
     */
    static Optional<Grant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        try {
            if (lower.equals("permanent")) {
                return Optional.of(new Permanent());
            }
            if (lower.equals("consumable")) {
                return Optional.of(new Consumable(1));
            }
            if (lower.startsWith("consumable:")) {
                return Optional.of(new Consumable(Long.parseLong(t.substring("consumable:".length()).trim())));
            }
            if (lower.startsWith("pass:")) {
                return Optional.of(new Pass(Duration.parse(t.substring("pass:".length()).trim())));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}

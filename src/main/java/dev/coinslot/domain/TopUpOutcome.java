package dev.coinslot.domain;

import java.time.Instant;

/** Every expected result of starting a credit top-up. */
public sealed interface TopUpOutcome {

    /**
     * The payment was created; the client completes it with {@code clientSecret}. {@code replayed} is true when this
     * answers an earlier identical request under the same idempotency key.
     */
    record Started(TopUp topUp, String clientSecret, boolean replayed) implements TopUpOutcome {
    }

    record UnknownPack(String packId) implements TopUpOutcome {
    }

    record IdempotencyKeyReused() implements TopUpOutcome {
    }

    /**
     * The user already started {@code maxPerHour} top-ups this clock hour; nothing was sent to the card processor.
     * {@code resetsAt} is the start of the next hour, {@code retryAfterSeconds} the whole seconds until then (at least 1).
     */
    record TooManyTopUps(int maxPerHour, Instant resetsAt, long retryAfterSeconds) implements TopUpOutcome {
    }

    /** The packs are not sold in {@code currency}; {@code supported} lists those they are sold in. */
    record UnsupportedCurrency(String currency, java.util.List<String> supported) implements TopUpOutcome {
    }

    /** This deployment has no card processor key (dev mode only; prod refuses to start without one). */
    record PaymentsNotConfigured() implements TopUpOutcome {
    }
}

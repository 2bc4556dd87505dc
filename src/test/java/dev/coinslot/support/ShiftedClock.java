package dev.coinslot.support;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's clock for the simulation (enabled by {@link SimulationProfile} only): real time plus an offset the
 * simulation moves forward, so promotional credits expire during a run. Stripe signatures and the Stripe stub keep real
 * time; only what the application decides by its clock (expiry, idempotency TTLs, hourly limits) moves.
 */
@Alternative
@Singleton
public class ShiftedClock {

    private static final AtomicLong OFFSET_MILLIS = new AtomicLong();

    private static final Clock CLOCK = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the application's clock is UTC");
        }

        @Override
        public Instant instant() {
            return now();
        }
    };

    @Produces
    @Alternative
    @Singleton
    Clock clock() {
        return CLOCK;
    }

    public static Instant now() {
        return Instant.now().plusMillis(OFFSET_MILLIS.get());
    }

    public static void advance(Duration by) {
        OFFSET_MILLIS.addAndGet(by.toMillis());
    }

    public static Duration offset() {
        return Duration.ofMillis(OFFSET_MILLIS.get());
    }
}

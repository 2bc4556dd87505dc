package dev.coinslot.application;

import java.util.concurrent.ThreadLocalRandom;

/** Short randomised pause between optimistic-concurrency retries on one wallet (grows with the attempt, ≤ 50 ms). */
final class Backoff {

    private Backoff() {
    }

    static void pause(int attempt) {
        long maxMillis = Math.min(50, 2L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}

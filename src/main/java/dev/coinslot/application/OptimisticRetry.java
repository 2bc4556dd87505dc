package dev.coinslot.application;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry policy for a write that lost an optimistic-concurrency race (its condition failed because the wallet
 * changed, or the transaction conflicted): at most {@link #MAX_ATTEMPTS} attempts; the first two retries go at once,
 * later ones after a randomised pause that grows with the attempt (≤ 50 ms), stepping out of a busy writer's rhythm.
 * It drives the loop: {@code for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); )}.
 */
public final class OptimisticRetry {

    public static final int MAX_ATTEMPTS = 12;

    private int attempt;

    /** Starts the next attempt; false once all are spent. */
    public boolean next() {
        return ++attempt <= MAX_ATTEMPTS;
    }

    /** The attempt under way, from 1. */
    public int attempt() {
        return attempt;
    }

    /**
     * After a lost race, before the next attempt. True: retry at once (with what the failure returned, if anything);
     * false: it paused, so read afresh (what the failure returned is older than the pause).
     */
    public boolean backOff() {
        if (attempt < 3) {
            return true;
        }
        long maxMillis = Math.min(50, 2L << Math.min(attempt - 2, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
        return false;
    }
}

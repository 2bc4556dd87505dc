package dev.coinslot.support.fakes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Faults a test arms on a fake, by operation name (the port method's name, e.g. {@code "commitPurchase"}), consumed one
 * per call in the order armed, plus a per-operation call count. A fake asks {@link #next} on every call.
 */
public final class Faults {

    /** What happens to one call. */
    public enum Fault {
        /** Another transaction touched the same items (DynamoDB {@code TransactionConflict}): nothing written. */
        CONFLICT,
        /** The call never reached the service (timeout, throttling, 5xx): nothing applied, the call throws. */
        UNAVAILABLE,
        /** The call applied, then its answer was lost (a timeout after the write): the call throws. */
        LOST_RESPONSE
    }

    private final Map<String, Deque<Fault>> armed = new HashMap<>();
    private final Map<String, Deque<Runnable>> interference = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private boolean interfering;

    /** The next {@code times} calls of {@code operation} fail with {@code fault}. */
    public synchronized Faults failNext(String operation, int times, Fault fault) {
        Deque<Fault> queue = armed.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
        return this;
    }

    /**
     * Just before each of the next {@code times} calls of {@code operation}, runs {@code competingWrite} (e.g. a grant
     * through the same store), so the call meets a wallet that moved on and loses its condition the way it would in
     * DynamoDB. Calls made by {@code competingWrite} are neither counted nor faulted.
     */
    public synchronized Faults beforeNext(String operation, int times, Runnable competingWrite) {
        Deque<Runnable> queue = interference.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(competingWrite);
        }
        return this;
    }

    /** How many calls of {@code operation} the code under test made. */
    public synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** Total calls over all operations. */
    public synchronized int calls() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized void resetCounts() {
        calls.clear();
    }

    /** Counts the call, runs any armed competing write, and returns the fault for it (null: none). */
    synchronized Fault next(String operation) {
        if (interfering) {
            return null;
        }
        calls.merge(operation, 1, Integer::sum);
        Runnable competing = poll(interference, operation);
        if (competing != null) {
            interfering = true;
            try {
                competing.run();
            } finally {
                interfering = false;
            }
        }
        return poll(armed, operation);
    }

    private static <T> T poll(Map<String, Deque<T>> byOperation, String operation) {
        Deque<T> queue = byOperation.get(operation);
        return queue == null ? null : queue.poll();
    }
}

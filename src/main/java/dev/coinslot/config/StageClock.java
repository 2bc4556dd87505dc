package dev.coinslot.config;

import java.util.Arrays;
import java.util.StringJoiner;
import org.jboss.logging.Logger;

/**
 * Bench instrumentation: where the time of a directly served checkout goes, stage by stage. Off unless
 * {@code coinslot.bench-stages=true} (the bench's stage run sets it); when off every {@link #mark} is one static
 * read and a branch. When on, each invocation stamps {@link System#nanoTime()} at fixed points (Lambda serves one
 * invocation at a time, and the SDK's sync client runs on the invoking thread, so one array per process is enough)
 * and every {@value #WINDOW} checkouts one log line gives each stage's median in microseconds. {@link #SENT} is the
 * Runtime API emulator's own {@code nanoTime} when it handed out the event (same monotonic clock on one Linux host),
 * so {@code SENT → ENTRY} is the Runtime Interface Client plus Quarkus's decoding of the event.
 */
public final class StageClock {

    public static final int SENT = 0;
    public static final int ENTRY = 1;
    public static final int GUARDED = 2;
    public static final int READ = 3;
    public static final int VALIDATED = 4;
    public static final int SDK_START = 5;
    public static final int SDK_MARSHAL = 6;
    public static final int SDK_MARSHALLED = 7;
    public static final int SDK_SIGNED = 8;
    public static final int SDK_RECEIVED = 9;
    public static final int SDK_UNMARSHALLED = 10;
    public static final int SDK_DONE = 11;
    public static final int SERVICE_DONE = 12;
    public static final int ANSWERED = 13;

    /** The event header carrying the emulator's {@code nanoTime} at hand-out (bench events only). */
    public static final String SENT_HEADER = "x-bench-sent-nanos";

    /** Name of the interval that ends at each mark (index = mark). */
    private static final String[] INTERVALS = {"", "ricAndEventDecode", "headerGuard", "routeAndJsonRead", "validation",
            "serviceBeforeSdk", "sdkEndpointAndAuthScheme", "sdkMarshal", "sdkSignAndHeaders", "httpRoundTrip",
            "sdkUnmarshal", "sdkAfterUnmarshal", "serviceAfterSdk", "answer"};
    static final int WINDOW = 250;
    private static final Logger LOG = Logger.getLogger(StageClock.class);

    private static volatile boolean enabled;
    private static final long[] marks = new long[INTERVALS.length];
    private static final long[][] window = new long[INTERVALS.length + 1][WINDOW];
    private static int count;

    private StageClock() {
    }

    /** Turns the instrumentation on or off (at startup, from {@code coinslot.bench-stages}). */
    public static void enable(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    public static void mark(int stage) {
        if (enabled) {
            marks[stage] = System.nanoTime();
        }
    }

    public static void begin(String sentNanos) {
        if (enabled) {
            Arrays.fill(marks, 0L);
            marks[ENTRY] = System.nanoTime();
            try {
                marks[SENT] = sentNanos == null ? 0 : Long.parseLong(sentNanos);
            } catch (NumberFormatException e) {
                marks[SENT] = 0;
            }
        }
    }

    /** Ends an invocation at {@link #ANSWERED}; only complete direct checkouts (every mark set) are counted. */
    public static void end() {
        if (!enabled) {
            return;
        }
        marks[ANSWERED] = System.nanoTime();
        for (long m : marks) {
            if (m == 0) {
                return;
            }
        }
        for (int i = 1; i < marks.length; i++) {
            window[i][count] = marks[i] - marks[i - 1];
        }
        window[INTERVALS.length][count] = marks[ANSWERED] - marks[ENTRY];
        if (++count == WINDOW) {
            StringJoiner line = new StringJoiner(" ", "bench-stages n=" + WINDOW + " medianMicros ", "");
            for (int i = 1; i <= INTERVALS.length; i++) {
                long[] sorted = window[i].clone();
                Arrays.sort(sorted);
                line.add((i == INTERVALS.length ? "handlerTotal" : INTERVALS[i]) + "=" + String.format("%.1f", sorted[WINDOW / 2] / 1000.0));
            }
            LOG.info(line.toString());
            count = 0;
        }
    }
}

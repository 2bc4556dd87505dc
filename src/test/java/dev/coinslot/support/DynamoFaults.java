package dev.coinslot.support;

import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SDK interceptor (test profile) that injects one DynamoDB fault into the application's client, at the boundary a
 * real network failure would hit. Off unless a test arms it ({@link #armNth}); {@link #disarm()} in {@code @AfterEach}.
 * Counts faults injected per mode and how many reached the application (the SDK did not retry them away).
 */
public class DynamoFaults implements ExecutionInterceptor {

    /** Where the fault strikes. */
    public enum Mode {
        /** The request never leaves: nothing applied. Not retryable by the SDK, so it reaches the application. */
        REFUSED_BEFORE_SEND,
        /** DynamoDB applied the request, the response is lost (not retryable): the application sees a failure. */
        LOST_RESPONSE,
        /** DynamoDB applied the request, then the read timed out: the SDK's retry policy may re-send it. */
        TIMEOUT_AFTER_APPLY,
        /** The request is sent after a pause (150 ms) and succeeds. */
        SLOW
    }

    static final String MARKER = "injected DynamoDB fault";
    private static final long SLOW_MILLIS = 150;

    private static final Object LOCK = new Object();
    private static Mode armedMode;
    private static int countdown;
    private static final Map<Mode, Long> INJECTED = new EnumMap<>(Mode.class);
    private static final Map<Mode, Long> SURFACED = new EnumMap<>(Mode.class);

    /** The {@code n}-th DynamoDB request from now (1 = the next) fails with {@code mode}; replaces any armed fault. */
    public static void armNth(int n, Mode mode) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        synchronized (LOCK) {
            armedMode = mode;
            countdown = n;
        }
    }

    /** Disarms a fault that has not struck yet; returns whether one was still pending. */
    public static boolean disarm() {
        synchronized (LOCK) {
            boolean pending = armedMode != null;
            armedMode = null;
            countdown = 0;
            return pending;
        }
    }

    public static void resetCounts() {
        synchronized (LOCK) {
            INJECTED.clear();
            SURFACED.clear();
        }
    }

    public static Map<Mode, Long> injected() {
        synchronized (LOCK) {
            return Map.copyOf(INJECTED);
        }
    }

    public static Map<Mode, Long> surfaced() {
        synchronized (LOCK) {
            return Map.copyOf(SURFACED);
        }
    }

    /** The mode striking this request, if the armed countdown reaches it (counted as injected). */
    private static Mode strike(boolean beforeSend, boolean afterSend) {
        synchronized (LOCK) {
            if (armedMode == null) {
                return null;
            }
            boolean sendsAtThisPoint = beforeSend
                    ? armedMode == Mode.REFUSED_BEFORE_SEND || armedMode == Mode.SLOW
                    : afterSend && (armedMode == Mode.LOST_RESPONSE || armedMode == Mode.TIMEOUT_AFTER_APPLY);
            if (!sendsAtThisPoint) {
                return null;
            }
            if (--countdown > 0) {
                return null;
            }
            Mode mode = armedMode;
            armedMode = null;
            INJECTED.merge(mode, 1L, Long::sum);
            return mode;
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Mode mode = strike(true, false);
        if (mode == Mode.SLOW) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (mode == Mode.REFUSED_BEFORE_SEND) {
            throw SdkClientException.builder().message(MARKER + ": " + mode).build();
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Mode mode = strike(false, true);
        if (mode == Mode.LOST_RESPONSE) {
            throw SdkClientException.builder().message(MARKER + ": " + mode).build();
        }
        if (mode == Mode.TIMEOUT_AFTER_APPLY) {
            throw SdkClientException.builder().message(MARKER + ": " + mode)
                    .cause(new SocketTimeoutException("Read timed out (" + MARKER + ")")).build();
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        for (Throwable t = context.exception(); t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(MARKER)) {
                Mode mode = message.contains(Mode.REFUSED_BEFORE_SEND.name()) ? Mode.REFUSED_BEFORE_SEND
                        : message.contains(Mode.LOST_RESPONSE.name()) ? Mode.LOST_RESPONSE : Mode.TIMEOUT_AFTER_APPLY;
                synchronized (LOCK) {
                    SURFACED.merge(mode, 1L, Long::sum);
                }
                return;
            }
        }
    }
}

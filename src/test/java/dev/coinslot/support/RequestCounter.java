package dev.coinslot.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** SDK interceptor (test profile) counting DynamoDB requests the application sends, per operation. */
public class RequestCounter implements ExecutionInterceptor {

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    public static void reset() {
        COUNTS.clear();
    }

    public static long total() {
        return COUNTS.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public static long count(String operation) {
        AtomicLong c = COUNTS.get(operation);
        return c == null ? 0 : c.get();
    }

    public static Map<String, Long> snapshot() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        COUNTS.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}

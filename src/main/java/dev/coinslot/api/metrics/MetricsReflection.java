package dev.coinslot.api.metrics;

import dev.coinslot.application.metrics.MetricsAggregation;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image registration of the stream batch's answer, which Jackson writes reflectively: {@link MetricsStream.Served}
 * and the {@link MetricsAggregation.BatchResult} inside it ({@code NativeReadinessTest} lists anything missing).
 */
@RegisterForReflection(targets = {MetricsStream.Served.class, MetricsAggregation.BatchResult.class})
final class MetricsReflection {

    private MetricsReflection() {
    }
}

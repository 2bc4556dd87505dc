package dev.coinslot.api.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.application.metrics.MetricsAggregation;
import dev.coinslot.application.metrics.MetricsAggregation.BatchResult;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The {@code metrics} function's work: one DynamoDB Streams batch into the daily aggregates, answered in Lambda's
 * partial-batch form ({@code ReportBatchItemFailures}): the positions of the records that could not be counted.
 */
@ApplicationScoped
public class MetricsStream {

    /** Lambda's partial batch response. */
    @RegisterForReflection
    public record BatchResponse(List<ItemFailure> batchItemFailures) {
    }

    /** A failed record: its stream sequence number. */
    @RegisterForReflection
    public record ItemFailure(String itemIdentifier) {
    }

    private final MetricsAggregation aggregation;
    private final ObjectMapper json;

    public MetricsStream(MetricsAggregation aggregation, ObjectMapper json) {
        this.aggregation = aggregation;
        this.json = json;
    }

    /** The answer to one batch (its JSON) and what the batch did. */
    public record Served(String json, BatchResult result) {
    }

    /** Counts one batch; an event that is no stream batch at all throws (a function error). */
    public Served serve(String batch) {
        BatchResult result = aggregation.apply(batch);
        try {
            return new Served(json.writeValueAsString(new BatchResponse(result.failedPositions().stream()
                    .map(ItemFailure::new).toList())), result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("batch response not writable", e);
        }
    }
}

package dev.coinslot.application.port;

import dev.coinslot.domain.metrics.MetricFact;
import java.util.List;

/**
 * Reads a batch of table changes (a DynamoDB Streams event as Lambda delivers it) into the facts the metrics count.
 * Each change keeps its position in the stream (the record's sequence number), which is how a failed record is
 * reported back for a retry.
 */
public interface ChangeDecoder {

    /** One change of the batch. */
    sealed interface Change permits Change.Fact, Change.Ignored, Change.Undecodable {
        String position();

        /** A change that is a countable fact. */
        record Fact(String position, MetricFact fact) implements Change {
        }

        /** A change the metrics do not count (a wallet update, an idempotency record, a removal, ...). */
        record Ignored(String position) implements Change {
        }

        /** A change whose item could not be read (a poison record): it must not block the others. */
        record Undecodable(String position, String reason) implements Change {
        }
    }

    /**
     * The batch's changes in stream order.
     *
     * @throws IllegalArgumentException if the batch itself is not a stream event (no record can be told apart)
     */
    List<Change> decode(String batch);
}

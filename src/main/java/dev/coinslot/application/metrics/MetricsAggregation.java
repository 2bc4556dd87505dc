package dev.coinslot.application.metrics;

import dev.coinslot.application.port.ChangeDecoder;
import dev.coinslot.application.port.ChangeDecoder.Change;
import dev.coinslot.application.port.MetricsStore;
import dev.coinslot.application.port.MetricsStore.Counted;
import dev.coinslot.application.port.StoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Folds a batch of table changes into the daily aggregates. Every fact is counted through the store's exactly-once
 * {@link MetricsStore#count}, so a batch delivered again, or overlapping another, leaves the aggregates as they were.
 * A change that cannot be read or counted is reported as a batch item failure (its stream position) and the rest of
 * the batch is still counted; Lambda retries from the lowest failed position and, after its retries, sends the
 * failed range to the failure destination.
 */
@ApplicationScoped
public class MetricsAggregation {

    private static final Logger LOG = Logger.getLogger(MetricsAggregation.class);

    private final ChangeDecoder decoder;
    private final MetricsStore store;

    public MetricsAggregation(ChangeDecoder decoder, MetricsStore store) {
        this.decoder = decoder;
        this.store = store;
    }

    /** What one batch did; {@code failedPositions} in stream order. */
    public record BatchResult(int records, int added, int alreadyCounted, int ignored, List<String> failedPositions) {
        public BatchResult {
            failedPositions = List.copyOf(failedPositions);
        }
    }

    public BatchResult apply(String batch) {
        List<Change> changes = decoder.decode(batch);
        int added = 0;
        int duplicates = 0;
        int ignored = 0;
        List<String> failed = new ArrayList<>();
        for (Change change : changes) {
            switch (change) {
                case Change.Ignored i -> ignored++;
                case Change.Undecodable u -> {
                    LOG.warnf("metrics poison record position=%s reason=%s", u.position(), u.reason());
                    failed.add(u.position());
                }
                case Change.Fact f -> {
                    try {
                        switch (store.count(f.fact())) {
                            case Counted.Added a -> added++;
                            case Counted.AlreadyCounted a -> duplicates++;
                        }
                    } catch (StoreUnavailableException e) {
                        LOG.warnf("metrics record not counted position=%s fact=%s reason=%s", f.position(),
                                f.fact().factId(), e.getMessage());
                        failed.add(f.position());
                    }
                }
            }
        }
        BatchResult result = new BatchResult(changes.size(), added, duplicates, ignored, failed);
        LOG.infof("metrics batch records=%d added=%d alreadyCounted=%d ignored=%d failed=%d", result.records(),
                added, duplicates, ignored, failed.size());
        return result;
    }
}

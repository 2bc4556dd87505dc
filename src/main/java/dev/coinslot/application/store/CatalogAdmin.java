package dev.coinslot.application.store;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.CatalogStore;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.Offer;
import dev.coinslot.domain.store.Rotation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The operator's changes to the catalog document: one SKU created or changed, one SKU retired, or a whole document
 * imported. Each is validated as a whole document, stored as the next version with its audit record in one write, and
 * retried on a concurrent change. A change that would store what is already stored writes nothing (so a retried
 * request changes nothing twice).
 */
@ApplicationScoped
public class CatalogAdmin {

    private static final Logger LOG = Logger.getLogger(CatalogAdmin.class);

    private final CatalogStore store;
    private final CatalogSource source;
    private final Clock clock;

    public CatalogAdmin(CatalogStore store, CatalogSource source, Clock clock) {
        this.store = store;
        this.source = source;
        this.clock = clock;
    }

    /** Where a change ended. */
    public sealed interface Outcome {
        /** {@code document} is now current; {@code changed} is false when it already was (nothing written). */
        record Saved(CatalogDocument document, boolean changed) implements Outcome {
        }

        /** The resulting document breaks a catalog rule; nothing was written. */
        record Invalid(List<String> problems) implements Outcome {
        }

        record UnknownSku(String skuId) implements Outcome {
        }

        /** Other changes kept winning the race; nothing was written, safe to retry. */
        record Busy() implements Outcome {
        }
    }

    /** The document as stored now (or the file catalog, version 0). */
    public CatalogDocument current() {
        return source.fresh();
    }

    public Outcome putSku(String operator, Sku sku) {
        return change(operator, CatalogChange.Action.PUT_SKU, Optional.of(sku.id()), current -> Optional.of(current.withSku(sku)));
    }

    public Outcome retire(String operator, String skuId) {
        return change(operator, CatalogChange.Action.RETIRE_SKU, Optional.of(skuId),
                current -> current.catalog().find(skuId).map(sku -> current.withSku(sku.retire())));
    }

    public Outcome importDocument(String operator, List<Sku> skus, List<Offer> offers, Optional<Rotation> rotation) {
        return change(operator, CatalogChange.Action.IMPORT, Optional.empty(),
                current -> Optional.of(CatalogDocument.of(current.version() + 1, skus, offers, rotation)));
    }

    public List<CatalogChange> changes(int limit, Optional<Long> beforeVersion) {
        return store.changes(limit, beforeVersion);
    }

    /** {@code edit} makes the next document from the current one (empty: the SKU it names does not exist). */
    private Outcome change(String operator, CatalogChange.Action action, Optional<String> skuId,
            Function<CatalogDocument, Optional<CatalogDocument>> edit) {
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            CatalogDocument current = source.fresh();
            Optional<CatalogDocument> next;
            try {
                next = edit.apply(current);
            } catch (InvalidConfigurationException e) {
                LOG.infof("catalog action=%s operator=%s outcome=invalid problems=%d", action, operator, e.problems().size());
                return new Outcome.Invalid(e.problems());
            }
            if (next.isEmpty()) {
                return new Outcome.UnknownSku(skuId.orElse(""));
            }
            if (sameContent(current, next.get())) {
                return new Outcome.Saved(current, false);
            }
            CatalogChange change = new CatalogChange(next.get().version(), operator, clock.instant(), action, skuId,
                    current.version() == 0 ? Optional.empty() : Optional.of(current), next.get());
            switch (store.save(change)) {
                case CatalogStore.CatalogWrite.Saved saved -> {
                    source.remember(next.get());
                    LOG.infof("catalog action=%s operator=%s sku=%s version=%d outcome=saved", action, operator,
                            skuId.orElse("-"), change.version());
                    return new Outcome.Saved(next.get(), true);
                }
                case CatalogStore.CatalogWrite.VersionConflict conflict -> retry.backOff();
            }
        }
        return new Outcome.Busy();
    }

    /** Same SKUs, offers and rotation (a stored document's version aside). */
    private static boolean sameContent(CatalogDocument a, CatalogDocument b) {
        return a.version() > 0 && new ArrayList<>(a.catalog().skus()).equals(b.catalog().skus()) && a.offers().equals(b.offers())
                && a.rotation().equals(b.rotation());
    }
}

package dev.coinslot.application.store;

import dev.coinslot.application.port.CatalogStore;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.store.CatalogDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalog document this function instance sells from: the one the operator stored, or, until the operator first
 * imports or edits one, the file catalog (version 0). Cached per instance for {@link StoreSettings#catalogCacheTtl()}, so
 * a change reaches every instance within that time without a redeploy and costs one read per instance per period.
 */
@ApplicationScoped
public class CatalogSource {

    private record Cached(CatalogDocument document, Instant readAt) {
    }

    private final CatalogStore store;
    private final CatalogDocument fileCatalog;
    private final Clock clock;
    private final StoreSettings settings;
    private volatile Cached cached;

    public CatalogSource(CatalogStore store, Catalog fileCatalog, Clock clock, StoreSettings settings) {
        this.store = store;
        this.fileCatalog = new CatalogDocument(0, fileCatalog, List.of(), Optional.empty());
        this.clock = clock;
        this.settings = settings;
    }

    /** The document, read again when the cached one is older than the cache period. */
    public CatalogDocument current() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.readAt().plus(settings.catalogCacheTtl())) && !now.isBefore(c.readAt())) {
            return c.document();
        }
        return fresh();
    }

    /** The stored document (or the file catalog), read now. */
    public CatalogDocument fresh() {
        CatalogDocument document = store.load().orElse(fileCatalog);
        cached = new Cached(document, clock.instant());
        return document;
    }

    /** Remembers a document this instance just stored. */
    public void remember(CatalogDocument document) {
        cached = new Cached(document, clock.instant());
    }
}

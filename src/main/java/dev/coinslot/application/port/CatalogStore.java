package dev.coinslot.application.port;

import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.CatalogDocument;
import java.util.List;
import java.util.Optional;

/**
 * The operator-managed catalog document and its audit trail. A deployment that never stored one has none (the file
 * catalog then applies, as version 0). Infrastructure failures surface as {@link StoreUnavailableException}.
 */
public interface CatalogStore {

    /** The stored document (strongly consistent), or empty if the operator never changed the catalog. */
    Optional<CatalogDocument> load();

    /**
     * Atomically stores {@code change.after()} as version {@code change.version()} and the audit record of
     * {@code change}, only if the stored version is {@code change.version() - 1} (none stored for version 1).
     */
    CatalogWrite save(CatalogChange change);

    /** Audit records newest first, starting below {@code beforeVersion} (or at the newest when empty). */
    List<CatalogChange> changes(int limit, Optional<Long> beforeVersion);

    /** Result of {@link #save}. */
    sealed interface CatalogWrite {
        record Saved() implements CatalogWrite {
        }

        /** Another change was stored first; nothing was written. */
        record VersionConflict() implements CatalogWrite {
        }
    }
}

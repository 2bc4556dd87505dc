package dev.coinslot.support.fakes;

import dev.coinslot.application.port.CatalogStore;
import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.CatalogDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link CatalogStore} in memory, with the version condition of {@code DynamoDbCatalogStore}. */
public final class InMemoryCatalogStore implements CatalogStore {

    private CatalogDocument document;
    private final List<CatalogChange> changes = new ArrayList<>();

    @Override
    public synchronized Optional<CatalogDocument> load() {
        return Optional.ofNullable(document);
    }

    @Override
    public synchronized CatalogWrite save(CatalogChange change) {
        long stored = document == null ? 0 : document.version();
        if (stored != change.version() - 1) {
            return new CatalogWrite.VersionConflict();
        }
        document = change.after();
        changes.add(change);
        return new CatalogWrite.Saved();
    }

    @Override
    public synchronized List<CatalogChange> changes(int limit, Optional<Long> beforeVersion) {
        return changes.reversed().stream().filter(c -> c.version() < beforeVersion.orElse(Long.MAX_VALUE)).limit(limit).toList();
    }
}

package dev.coinslot.api.store;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.ownership.Grant;
import dev.coinslot.domain.store.ChanceOutcome;
import dev.coinslot.domain.store.Offer;
import dev.coinslot.domain.store.Rotation;
import dev.coinslot.domain.store.Segment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image registration of what Jackson reads and writes reflectively for the catalog document (the stored JSON of
 * {@link CatalogDocs}): its records and the domain values inside them, which cannot carry the annotation themselves
 * ({@code domain/} imports only {@code java.*}). {@code NativeReadinessTest} lists anything missing.
 */
@RegisterForReflection(targets = {CatalogDocs.Document.class, CatalogDocs.Parsed.class, Sku.class, Sku.BundleItem.class,
        SkuKind.class, Credits.class, Offer.class, Rotation.class, Segment.class, ChanceOutcome.class, Grant.class,
        Grant.Permanent.class, Grant.Pass.class, Grant.Consumable.class})
final class StoreReflection {

    private StoreReflection() {
    }
}

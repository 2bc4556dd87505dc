package dev.coinslot.domain;

import dev.coinslot.domain.store.ChanceOutcome;
import dev.coinslot.domain.store.Segment;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A thing that can be bought with one tap. {@code price} is per unit, in credits, always positive.
 * A bundle lists the SKUs (and how many of each) it contains; a chance SKU lists its weighted {@code outcomes}; other
 * kinds contain nothing. A {@code retired} SKU is gone from the storefront and the public catalog and cannot be bought,
 * but stays in the catalog so what users own keeps its meaning. {@code segments} limits who is shown and may buy it
 * (empty: everyone).
 */
public record Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents, boolean retired,
        Set<Segment> segments, List<ChanceOutcome> outcomes) {

    /** One line of a bundle: {@code quantity} units of the SKU {@code skuId}. */
    public record BundleItem(String skuId, int quantity) {
        public BundleItem {
            Objects.requireNonNull(skuId, "skuId");
            if (quantity < 1) {
                throw new IllegalArgumentException("bundle item quantity must be at least 1: " + skuId);
            }
        }
    }

    public Sku {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(price, "price");
        contents = List.copyOf(contents == null ? List.of() : contents);
        segments = segments == null || segments.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(segments));
        outcomes = List.copyOf(outcomes == null ? List.of() : outcomes);
    }

    /** A listed SKU for everyone, without chance outcomes (the file catalog's kind of SKU). */
    public Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents) {
        this(id, displayName, kind, price, contents, false, Set.of(), List.of());
    }

    /** Whether a user of {@code segment} is shown this SKU and may buy it. */
    public boolean offeredTo(Segment segment) {
        return !retired && (segments.isEmpty() || segments.contains(segment));
    }

    public Sku retire() {
        return new Sku(id, displayName, kind, price, contents, true, segments, outcomes);
    }
}

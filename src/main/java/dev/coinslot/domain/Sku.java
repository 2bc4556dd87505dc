package dev.coinslot.domain;

import dev.coinslot.domain.ownership.Grant;
import dev.coinslot.domain.store.ChanceOutcome;
import dev.coinslot.domain.store.Segment;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A thing that can be bought with one tap. {@code price} is per unit, in credits, always positive.
 * A bundle lists the SKUs (and how many of each) it contains and grants what they grant; a chance SKU lists its weighted
 * {@code outcomes} and grants what the drawn outcome grants; other kinds contain nothing and say what one unit grants
 * ({@code grant}: required for them, absent for bundles and chances; {@link Catalog#of} checks). A {@code retired} SKU is
 * gone from the storefront and the public catalog and cannot be bought, but stays in the catalog so what users own keeps
 * its meaning. {@code segments} limits who is shown and may buy it (empty: everyone).
 */
public record Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents, boolean retired,
        Set<Segment> segments, List<ChanceOutcome> outcomes, Optional<Grant> grant) {

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
        Objects.requireNonNull(grant, "grant");
    }

    /** A SKU with its store settings and the default grant of its kind ({@link #defaultGrant}). */
    public Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents, boolean retired,
            Set<Segment> segments, List<ChanceOutcome> outcomes) {
        this(id, displayName, kind, price, contents, retired, segments, outcomes, defaultGrant(kind));
    }

    /** A listed SKU for everyone, without chance outcomes (the file catalog's kind of SKU), with the default grant. */
    public Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents) {
        this(id, displayName, kind, price, contents, false, Set.of(), List.of());
    }

    /** A listed SKU for everyone, without chance outcomes, granting {@code grant}. */
    public Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents, Optional<Grant> grant) {
        this(id, displayName, kind, price, contents, false, Set.of(), List.of(), grant);
    }

    /**
     * What an item without its own grant setting grants: nothing of its own for a bundle or a chance (their items or
     * outcome do), else one unit to use up per unit bought.
     */
    public static Optional<Grant> defaultGrant(SkuKind kind) {
        return kind == SkuKind.BUNDLE || kind == SkuKind.CHANCE ? Optional.empty() : Optional.of(new Grant.Consumable(1));
    }

    /** Whether a user of {@code segment} is shown this SKU and may buy it. */
    public boolean offeredTo(Segment segment) {
        return !retired && (segments.isEmpty() || segments.contains(segment));
    }

    public Sku retire() {
        return new Sku(id, displayName, kind, price, contents, true, segments, outcomes, grant);
    }
}

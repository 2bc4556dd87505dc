package dev.coinslot.domain;

import dev.coinslot.domain.ownership.Grant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A thing that can be bought with one tap. {@code price} is per unit, in credits, always positive.
 * A bundle lists the SKUs (and how many of each) it contains and grants what they grant; every other item says what one
 * unit of it grants ({@code grant}, required for them, absent for bundles; {@link Catalog#of} checks).
 */
public record Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents,
        Optional<Grant> grant) {

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
        Objects.requireNonNull(grant, "grant");
    }

    /** An item without its own grant setting: a bundle, or an item granting one unit to use up per unit bought. */
    public Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents) {
        this(id, displayName, kind, price, contents,
                kind == SkuKind.BUNDLE ? Optional.empty() : Optional.of(new Grant.Consumable(1)));
    }
}

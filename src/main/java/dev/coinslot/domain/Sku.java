package dev.coinslot.domain;

import java.util.List;
import java.util.Objects;

/**
 * A thing that can be bought with one tap. {@code price} is per unit, in credits, always positive.
 * A bundle lists the SKUs (and how many of each) it contains; other kinds contain nothing.
 */
public record Sku(String id, String displayName, SkuKind kind, Credits price, List<BundleItem> contents) {

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
    }
}

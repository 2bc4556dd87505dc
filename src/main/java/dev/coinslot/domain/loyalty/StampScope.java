package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.SkuKind;
import java.util.Objects;

/** Which purchases a stamp card counts: any purchase, purchases of one kind, or purchases of one sku. */
public sealed interface StampScope {

    boolean matches(String skuId, SkuKind kind);

    /** Every purchase earns a stamp. */
    record AnyPurchase() implements StampScope {
        @Override
        public boolean matches(String skuId, SkuKind kind) {
            return true;
        }
    }

    /** Purchases of items of {@code kind} (a bundle is of kind {@code BUNDLE}, whatever it contains). */
    record OfKind(SkuKind kind) implements StampScope {
        public OfKind {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public boolean matches(String skuId, SkuKind purchased) {
            return kind == purchased;
        }
    }

    /** Purchases of the one item {@code skuId}. */
    record OfSku(String skuId) implements StampScope {
        public OfSku {
            Objects.requireNonNull(skuId, "skuId");
        }

        @Override
        public boolean matches(String purchased, SkuKind kind) {
            return skuId.equals(purchased);
        }
    }
}

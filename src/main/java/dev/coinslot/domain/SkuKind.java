package dev.coinslot.domain;

/** What a catalog item is; a {@link #BUNDLE} contains several other items at one price. */
public enum SkuKind {
    STICKER, COSMETIC, ARTICLE, BUNDLE
}

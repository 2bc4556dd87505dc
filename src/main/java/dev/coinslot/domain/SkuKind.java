package dev.coinslot.domain;

/**
 * What a catalog item is; a {@link #BUNDLE} contains several other items at one price, a {@link #CHANCE} grants one of
 * its outcomes, drawn at checkout with published odds. What an item grants is its own setting ({@code Sku.grant}), not
 * its kind.
 */
public enum SkuKind {
    STICKER, COSMETIC, ARTICLE, PASS, BUNDLE, CHANCE
}

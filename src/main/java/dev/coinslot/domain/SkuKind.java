package dev.coinslot.domain;

/**
 * What a catalog item is; a {@link #BUNDLE} contains several other items at one price, a {@link #CHANCE} grants one of
 * its outcomes, drawn at checkout with published odds.
 */
public enum SkuKind {
    STICKER, COSMETIC, ARTICLE, BUNDLE, CHANCE
}

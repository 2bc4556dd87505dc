package dev.coinslot.domain.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who a user is to the storefront, derived from what their wallet item already records (no extra read at checkout):
 * {@link #NEW} never bought anything, {@link #HIGH_SPENDER} spent at least the configured credits in the last 30 days,
 * {@link #RETURNING} everyone else who bought before.
 */
public enum Segment {
    NEW("new"), RETURNING("returning"), HIGH_SPENDER("high-spender");

    private final String slug;

    Segment(String slug) {
        this.slug = slug;
    }

    /** The name used in JSON and in the table. */
    public String slug() {
        return slug;
    }

    public static Optional<Segment> ofSlug(String slug) {
        return Arrays.stream(values()).filter(s -> s.slug.equals(slug)).findFirst();
    }
}

package dev.coinslot.domain.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audited change of the catalog document: who ({@code operator}, the operator token's {@code sub}) made
 * {@code version} out of {@code version - 1}, when, how ({@link Action}) and, for a change of one SKU, which;
 * {@code before} is empty when the change replaced the file catalog (version 0, never stored).
 */
public record CatalogChange(long version, String operator, Instant at, Action action, Optional<String> skuId,
        Optional<CatalogDocument> before, CatalogDocument after) {

    /** What the operator did. */
    public enum Action {
        PUT_SKU, RETIRE_SKU, IMPORT
    }

    public CatalogChange {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}

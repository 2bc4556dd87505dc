package dev.coinslot.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SKUs a deployment sells, validated as a whole: ids are unique slugs, names are present, prices are
 * positive credits, every bundle contains only existing non-bundle SKUs, and every other SKU says what it grants.
 */
public final class Catalog {

    /** Catalog ids: lower-case slugs, so they are safe in URLs, keys and logs. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Highest unit price a catalog may carry; keeps price × quantity far from overflow. */
    public static final long MAX_PRICE = 1_000_000;

    private final Map<String, Sku> byId;

    private Catalog(Map<String, Sku> byId) {
        this.byId = byId;
    }

    /**
     * Builds a catalog, or throws {@link InvalidConfigurationException} naming every problem found.
     */
    public static Catalog of(Collection<Sku> skus) {
        List<String> problems = new ArrayList<>();
        Map<String, Sku> byId = new LinkedHashMap<>();
        if (skus.isEmpty()) {
            problems.add("the catalog has no SKUs");
        }
        for (Sku sku : skus) {
            if (!ID.matcher(sku.id()).matches()) {
                problems.add("sku '" + sku.id() + "': id must match " + ID.pattern());
            }
            if (sku.displayName().isBlank()) {
                problems.add("sku '" + sku.id() + "': display name is blank");
            }
            if (!sku.price().isPositive() || sku.price().amount() > MAX_PRICE) {
                problems.add("sku '" + sku.id() + "': price must be between 1 and " + MAX_PRICE + " credits, was "
                        + sku.price().amount());
            }
            if (byId.put(sku.id(), sku) != null) {
                problems.add("sku '" + sku.id() + "': defined twice");
            }
        }
        for (Sku sku : byId.values()) {
            if (sku.kind() == SkuKind.BUNDLE) {
                if (sku.contents().isEmpty()) {
                    problems.add("bundle '" + sku.id() + "': lists no items");
                }
                for (Sku.BundleItem item : sku.contents()) {
                    Sku inner = byId.get(item.skuId());
                    if (inner == null) {
                        problems.add("bundle '" + sku.id() + "': contains unknown sku '" + item.skuId() + "'");
                    } else if (inner.kind() == SkuKind.BUNDLE) {
                        problems.add("bundle '" + sku.id() + "': contains another bundle '" + item.skuId() + "'");
                    }
                }
                if (sku.grant().isPresent()) {
                    problems.add("bundle '" + sku.id() + "': grants what its items grant, not a grant of its own");
                }
            } else {
                if (!sku.contents().isEmpty()) {
                    problems.add("sku '" + sku.id() + "': only bundles may list items");
                }
                if (sku.grant().isEmpty()) {
                    problems.add("sku '" + sku.id() + "': says nothing about what it grants");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("catalog", problems);
        }
        return new Catalog(Map.copyOf(byId));
    }

    public Optional<Sku> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** All SKUs, cheapest first, then by id. */
    public List<Sku> skus() {
        return byId.values().stream()
                .sorted(Comparator.comparing(Sku::price).thenComparing(Sku::id))
                .toList();
    }
}

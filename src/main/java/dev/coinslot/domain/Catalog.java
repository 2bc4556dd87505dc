package dev.coinslot.domain;

import dev.coinslot.domain.store.ChanceOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SKUs a deployment sells, validated as a whole: ids are unique slugs, names are present, prices are
 * positive credits, every bundle contains only existing non-bundle, non-chance SKUs, and every chance SKU has outcomes
 * with positive weights, each a real SKU that is not itself a chance. A listed SKU (not retired) may contain or draw
 * listed SKUs only. Every SKU but bundles and chances says what it grants; those grant what their items or outcome grant.
 */
public final class Catalog {

    /** Catalog ids: lower-case slugs, so they are safe in URLs, keys and logs. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Highest unit price a catalog may carry; keeps price × quantity far from overflow. */
    public static final long MAX_PRICE = 1_000_000;
    /** Most outcomes a chance SKU may have, and the largest weight of one. */
    public static final int MAX_OUTCOMES = 100;
    public static final int MAX_WEIGHT = 1_000_000;

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
                    } else if (inner.kind() == SkuKind.CHANCE) {
                        problems.add("bundle '" + sku.id() + "': contains a chance sku '" + item.skuId() + "'");
                    } else if (inner.retired() && !sku.retired()) {
                        problems.add("bundle '" + sku.id() + "': contains retired sku '" + item.skuId() + "'");
                    }
                }
                if (sku.grant().isPresent()) {
                    problems.add("bundle '" + sku.id() + "': grants what its items grant, not a grant of its own");
                }
            } else {
                if (!sku.contents().isEmpty()) {
                    problems.add("sku '" + sku.id() + "': only bundles may list items");
                }
                if (sku.kind() == SkuKind.CHANCE && sku.grant().isPresent()) {
                    problems.add("chance '" + sku.id() + "': grants what its drawn outcome grants, not a grant of its own");
                } else if (sku.kind() != SkuKind.CHANCE && sku.grant().isEmpty()) {
                    problems.add("sku '" + sku.id() + "': says nothing about what it grants");
                }
            }
            if (sku.kind() == SkuKind.CHANCE) {
                chanceProblems(sku, byId, problems);
            } else if (!sku.outcomes().isEmpty()) {
                problems.add("sku '" + sku.id() + "': only chance skus may list outcomes");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("catalog", problems);
        }
        return new Catalog(Map.copyOf(byId));
    }

    private static void chanceProblems(Sku sku, Map<String, Sku> byId, List<String> problems) {
        if (sku.outcomes().isEmpty()) {
            problems.add("chance '" + sku.id() + "': lists no outcomes");
        }
        if (sku.outcomes().size() > MAX_OUTCOMES) {
            problems.add("chance '" + sku.id() + "': more than " + MAX_OUTCOMES + " outcomes");
        }
        Set<String> seen = new HashSet<>();
        for (ChanceOutcome outcome : sku.outcomes()) {
            if (outcome.weight() < 1 || outcome.weight() > MAX_WEIGHT) {
                problems.add("chance '" + sku.id() + "': outcome '" + outcome.skuId() + "' weight must be between 1 and "
                        + MAX_WEIGHT + ", was " + outcome.weight());
            }
            if (!seen.add(outcome.skuId())) {
                problems.add("chance '" + sku.id() + "': outcome '" + outcome.skuId() + "' listed twice");
            }
            Sku inner = byId.get(outcome.skuId());
            if (inner == null) {
                problems.add("chance '" + sku.id() + "': outcome is unknown sku '" + outcome.skuId() + "'");
            } else if (inner.kind() == SkuKind.CHANCE) {
                problems.add("chance '" + sku.id() + "': outcome '" + outcome.skuId() + "' is itself a chance");
            } else if (inner.retired() && !sku.retired()) {
                problems.add("chance '" + sku.id() + "': outcome '" + outcome.skuId() + "' is retired");
            }
        }
    }

    /** Every SKU, retired ones included (what users own keeps its meaning). */
    public Optional<Sku> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** All SKUs, retired ones included, cheapest first, then by id. */
    public List<Sku> skus() {
        return byId.values().stream()
                .sorted(Comparator.comparing(Sku::price).thenComparing(Sku::id))
                .toList();
    }

    /** The SKUs on sale (not retired), cheapest first, then by id. */
    public List<Sku> listed() {
        return skus().stream().filter(sku -> !sku.retired()).toList();
    }
}

package dev.coinslot.domain.store;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.Sku;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole storefront as the operator manages it: the SKUs ({@link Catalog}), the offers and the featured rotation,
 * validated as a unit, at {@code version} (0: the file catalog a deployment starts from; every stored change adds one).
 */
public record CatalogDocument(long version, Catalog catalog, List<Offer> offers, Optional<Rotation> rotation) {

    public static final int MAX_OFFERS = 200;
    public static final int MAX_PER_USER_LIMIT = 1_000;

    public CatalogDocument {
        Objects.requireNonNull(catalog, "catalog");
        offers = List.copyOf(offers);
        Objects.requireNonNull(rotation, "rotation");
    }

    /**
     * Validates SKUs, offers and rotation together, or throws {@link InvalidConfigurationException} naming every
     * problem found.
     */
    public static CatalogDocument of(long version, Collection<Sku> skus, List<Offer> offers, Optional<Rotation> rotation) {
        List<String> problems = new ArrayList<>();
        Catalog catalog = null;
        try {
            catalog = Catalog.of(skus);
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        Set<String> skuIds = new HashSet<>();
        skus.forEach(s -> skuIds.add(s.id()));
        offerProblems(offers, skuIds, problems);
        rotation.ifPresent(r -> rotationProblems(r, skuIds, problems));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("catalog", problems);
        }
        return new CatalogDocument(version, catalog, offers, rotation);
    }

    private static void offerProblems(List<Offer> offers, Set<String> skuIds, List<String> problems) {
        if (offers.size() > MAX_OFFERS) {
            problems.add("more than " + MAX_OFFERS + " offers");
        }
        Set<String> seen = new HashSet<>();
        for (Offer offer : offers) {
            String name = "offer '" + offer.offerId() + "': ";
            if (!Catalog.ID.matcher(offer.offerId()).matches()) {
                problems.add(name + "id must match " + Catalog.ID.pattern());
            }
            if (!seen.add(offer.offerId())) {
                problems.add(name + "defined twice");
            }
            if (!skuIds.contains(offer.skuId())) {
                problems.add(name + "unknown sku '" + offer.skuId() + "'");
            }
            if (!offer.priceCredits().isPositive() || offer.priceCredits().amount() > Catalog.MAX_PRICE) {
                problems.add(name + "price must be between 1 and " + Catalog.MAX_PRICE + " credits, was "
                        + offer.priceCredits().amount());
            }
            if (!offer.startsAt().isBefore(offer.endsAt())) {
                problems.add(name + "startsAt must be before endsAt");
            }
            offer.perUserLimit().filter(limit -> limit < 1 || limit > MAX_PER_USER_LIMIT).ifPresent(limit ->
                    problems.add(name + "perUserLimit must be between 1 and " + MAX_PER_USER_LIMIT + ", was " + limit));
        }
    }

    private static void rotationProblems(Rotation rotation, Set<String> skuIds, List<String> problems) {
        if (rotation.pool().isEmpty()) {
            problems.add("rotation: the pool is empty");
        }
        if (new HashSet<>(rotation.pool()).size() != rotation.pool().size()) {
            problems.add("rotation: the pool lists a sku twice");
        }
        rotation.pool().stream().filter(id -> !skuIds.contains(id))
                .forEach(id -> problems.add("rotation: unknown sku '" + id + "' in the pool"));
        if (rotation.slots() < 1 || rotation.slots() > rotation.pool().size()) {
            problems.add("rotation: slots must be between 1 and the pool size, was " + rotation.slots());
        }
        if (rotation.period().compareTo(Duration.ofHours(1)) < 0 || rotation.period().compareTo(Duration.ofDays(30)) > 0
                || rotation.period().toSeconds() % 3600 != 0) {
            problems.add("rotation: period must be whole hours between 1 hour and 30 days");
        }
    }

    /** The same document with {@code sku} added or replaced, validated, at the next version. */
    public CatalogDocument withSku(Sku sku) {
        List<Sku> skus = new ArrayList<>(catalog.skus().stream().filter(s -> !s.id().equals(sku.id())).toList());
        skus.add(sku);
        return of(version + 1, skus, offers, rotation);
    }

    /** What a user of {@code segment} pays for {@code quantity} units of a SKU at {@code now}. */
    public record Quote(Sku sku, Credits listPrice, Credits unitPrice, Optional<Offer> offer, Optional<Integer> remainingForYou) {
    }

    /**
     * The price of {@code quantity} units of {@code skuId} for a user of {@code segment} with {@code activity} at
     * {@code now}: the cheapest offer valid then, aimed at the segment, with at least {@code quantity} units left for the
     * user; otherwise the list price. Empty when the SKU is unknown, retired or not offered to the segment.
     */
    public Optional<Quote> quote(String skuId, Segment segment, StoreActivity activity, Instant now, int quantity) {
        Optional<Sku> found = catalog.find(skuId).filter(sku -> sku.offeredTo(segment));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Sku sku = found.get();
        Optional<Offer> offer = offers.stream()
                .filter(o -> o.skuId().equals(skuId) && o.isValidAt(now) && o.targets(segment))
                .filter(o -> o.remaining(activity.used(o.offerId())).map(left -> left >= quantity).orElse(true))
                .min(Comparator.comparing(Offer::priceCredits).thenComparing(Offer::offerId));
        return Optional.of(new Quote(sku, sku.price(), offer.map(Offer::priceCredits).orElse(sku.price()), offer,
                offer.flatMap(o -> o.remaining(activity.used(o.offerId())))));
    }
}

package dev.coinslot.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credit packs of one deployment: priced in the deployment's default currency and, optionally, in the same further
 * currencies each, with positive credits and every price at or above the card processor's minimum charge for its
 * currency (zero-decimal currencies such as JPY are in whole units: 50 JPY).
 */
public final class CreditPacks {

    private final String currency;
    private final List<CreditPack> byPrice;
    private final Map<String, CreditPack> byId;

    private CreditPacks(String currency, List<CreditPack> byPrice) {
        this.currency = currency;
        this.byPrice = byPrice;
        Map<String, CreditPack> map = new LinkedHashMap<>();
        byPrice.forEach(p -> map.put(p.id(), p));
        this.byId = Map.copyOf(map);
    }

    /** Builds the pack list, or throws {@link InvalidConfigurationException} naming every problem found. */
    public static CreditPacks of(String currency, Collection<CreditPack> packs) {
        List<String> problems = new ArrayList<>();
        Optional<Money> minimum = MinimumCharge.forCurrency(currency);
        if (minimum.isEmpty()) {
            problems.add("currency '" + currency + "' has no known minimum card charge; supported: "
                    + MinimumCharge.supportedCurrencies());
        }
        if (packs.isEmpty()) {
            problems.add("no credit packs are configured");
        }
        Map<String, CreditPack> seen = new LinkedHashMap<>();
        for (CreditPack pack : packs) {
            String name = "pack '" + pack.id() + "'";
            if (!Catalog.ID.matcher(pack.id()).matches()) {
                problems.add(name + ": id must match " + Catalog.ID.pattern());
            }
            if (seen.put(pack.id(), pack) != null) {
                problems.add(name + ": defined twice");
            }
            if (!pack.price().currency().equals(currency)) {
                problems.add(name + ": currency " + pack.price().currency() + " differs from the deployment's " + currency);
            }
            if (!pack.price().isPositive()) {
                problems.add(name + ": price must be positive, was " + pack.price().amountMinor());
            } else if (minimum.isPresent() && pack.price().currency().equals(currency)
                    && pack.price().isLessThan(minimum.get())) {
                problems.add(name + ": price " + pack.price() + " is below the minimum card charge " + minimum.get());
            }
            java.util.Set<String> priced = new java.util.HashSet<>(java.util.Set.of(pack.price().currency()));
            for (Money other : pack.otherPrices()) {
                Optional<Money> otherMinimum = MinimumCharge.forCurrency(other.currency());
                if (!priced.add(other.currency())) {
                    problems.add(name + ": priced twice in " + other.currency());
                } else if (otherMinimum.isEmpty()) {
                    problems.add(name + ": currency '" + other.currency() + "' has no known minimum card charge; supported: "
                            + MinimumCharge.supportedCurrencies());
                } else if (other.isLessThan(otherMinimum.get())) {
                    problems.add(name + ": price " + other + " is below the minimum card charge " + otherMinimum.get());
                }
            }
            if (!pack.baseCredits().isPositive()) {
                problems.add(name + ": base credits must be positive, was " + pack.baseCredits().amount());
            }
            if (pack.bonusCredits().isNegative()) {
                problems.add(name + ": bonus credits must not be negative, was " + pack.bonusCredits().amount());
            }
        }
        java.util.Set<java.util.Set<String>> currencySets = new java.util.HashSet<>();
        packs.forEach(p -> currencySets.add(new java.util.TreeSet<>(p.prices().stream().map(Money::currency).toList())));
        if (currencySets.size() > 1) {
            problems.add("every pack must be priced in the same currencies, found " + currencySets);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("credit pack", problems);
        }
        List<CreditPack> sorted = packs.stream()
                .sorted(Comparator.comparingLong((CreditPack p) -> p.price().amountMinor()).thenComparing(CreditPack::id))
                .toList();
        return new CreditPacks(currency, sorted);
    }

    /** The deployment's default currency. */
    public String currency() {
        return currency;
    }

    /** Every currency the packs are sold in, the default first. */
    public List<String> currencies() {
        return byPrice.isEmpty() ? List.of(currency) : byPrice.get(0).prices().stream().map(Money::currency).toList();
    }

    /** The packs as sold in {@code currency}, cheapest first; empty if they are not sold in it. */
    public List<CreditPack> in(String currency) {
        return byPrice.stream().flatMap(p -> p.in(currency).stream())
                .sorted(Comparator.comparingLong((CreditPack p) -> p.price().amountMinor()).thenComparing(CreditPack::id))
                .toList();
    }

    /** Packs, cheapest first. */
    public List<CreditPack> all() {
        return byPrice;
    }

    public Optional<CreditPack> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The cheapest pack whose credits cover {@code shortfall}; empty when no single pack does. */
    public Optional<CreditPack> smallestCovering(Credits shortfall) {
        return byPrice.stream().filter(p -> !p.totalCredits().isLessThan(shortfall)).findFirst();
    }
}

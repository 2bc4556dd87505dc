package dev.coinslot.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credit packs of one deployment: all in the deployment's single currency, each with positive credits
 * and a price at or above the card processor's minimum charge for that currency.
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
            if (!pack.baseCredits().isPositive()) {
                problems.add(name + ": base credits must be positive, was " + pack.baseCredits().amount());
            }
            if (pack.bonusCredits().isNegative()) {
                problems.add(name + ": bonus credits must not be negative, was " + pack.bonusCredits().amount());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("credit pack", problems);
        }
        List<CreditPack> sorted = packs.stream()
                .sorted(Comparator.comparingLong((CreditPack p) -> p.price().amountMinor()).thenComparing(CreditPack::id))
                .toList();
        return new CreditPacks(currency, sorted);
    }

    public String currency() {
        return currency;
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

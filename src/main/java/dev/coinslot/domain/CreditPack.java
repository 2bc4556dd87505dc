package dev.coinslot.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bundle of credits sold for real money through the card processor: {@code price} is exactly what the card
 * is charged (in the deployment's default currency), and the wallet receives {@code baseCredits + bonusCredits}.
 * {@code otherPrices}: the same pack's prices in other currencies (at most one per currency); credits are the same
 * whatever the currency.
 */
public record CreditPack(String id, Money price, Credits baseCredits, Credits bonusCredits, List<Money> otherPrices) {

    public CreditPack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(baseCredits, "baseCredits");
        Objects.requireNonNull(bonusCredits, "bonusCredits");
        otherPrices = List.copyOf(otherPrices);
    }

    /** A pack priced in one currency only. */
    public CreditPack(String id, Money price, Credits baseCredits, Credits bonusCredits) {
        this(id, price, baseCredits, bonusCredits, List.of());
    }

    /** Every price of the pack, the default currency's first. */
    public List<Money> prices() {
        List<Money> all = new ArrayList<>();
        all.add(price);
        all.addAll(otherPrices);
        return all;
    }

    /** The pack as sold in {@code currency} ({@link #price()} in that currency), if it is priced in it. */
    public Optional<CreditPack> in(String currency) {
        Optional<Money> priced = prices().stream().filter(m -> m.currency().equals(currency)).findFirst();
        return priced.map(m -> new CreditPack(id, m, baseCredits, bonusCredits,
                prices().stream().filter(other -> !other.currency().equals(currency)).toList()));
    }

    public Credits totalCredits() {
        return baseCredits.plus(bonusCredits);
    }

    /**
     * Effective price of 100 credits in minor units, rounded half-up (e.g. 1,100 credits for 10.00 → 91, i.e. 0.91).
     */
    public long pricePer100CreditsMinor() {
        long total = totalCredits().amount();
        return (price.amountMinor() * 100 + total / 2) / total;
    }
}

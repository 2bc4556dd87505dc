package dev.coinslot.domain;

import java.util.Objects;

/**
 * A bundle of credits sold for real money through the card processor: {@code price} is exactly what the card
 * is charged, and the wallet receives {@code baseCredits + bonusCredits}.
 */
public record CreditPack(String id, Money price, Credits baseCredits, Credits bonusCredits) {

    public CreditPack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(baseCredits, "baseCredits");
        Objects.requireNonNull(bonusCredits, "bonusCredits");
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

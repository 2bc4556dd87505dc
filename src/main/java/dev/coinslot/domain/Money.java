package dev.coinslot.domain;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of real money in the smallest unit of its currency (cents for USD, yen for JPY), the way
 * Stripe's API expresses amounts. {@code currency} is an upper-case ISO 4217 code.
 */
public record Money(long amountMinor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an upper-case ISO 4217 code: " + currency);
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ISO 4217 currency: " + currency, e);
        }
    }

    public static Money of(long amountMinor, String currency) {
        return new Money(amountMinor, currency);
    }

    /** Number of decimal digits of the currency's minor unit (2 for USD, 0 for JPY). */
    public int minorDigits() {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    public boolean isPositive() {
        return amountMinor > 0;
    }

    public boolean isLessThan(Money other) {
        requireSameCurrency(other);
        return amountMinor < other.amountMinor;
    }

    /** The sum of two amounts of the same currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    /** Human-readable amount, e.g. {@code 4.99 USD}; for messages only, never for arithmetic. */
    @Override
    public String toString() {
        int digits = minorDigits();
        if (digits == 0) {
            return amountMinor + " " + currency;
        }
        long unit = (long) Math.pow(10, digits);
        String sign = amountMinor < 0 ? "-" : "";
        long abs = Math.abs(amountMinor);
        return sign + (abs / unit) + "." + String.format("%0" + digits + "d", abs % unit) + " " + currency;
    }
}

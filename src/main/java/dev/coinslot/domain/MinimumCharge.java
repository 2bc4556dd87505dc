package dev.coinslot.domain;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Stripe's minimum charge amount per settlement currency (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts),
 * in minor units. A credit pack priced below it could never be paid for.
 */
public final class MinimumCharge {

    private static final Map<String, Long> MINIMUM_MINOR = Map.ofEntries(
            Map.entry("USD", 50L), Map.entry("EUR", 50L), Map.entry("GBP", 30L), Map.entry("JPY", 50L),
            Map.entry("AUD", 50L), Map.entry("CAD", 50L), Map.entry("CHF", 50L), Map.entry("NZD", 50L),
            Map.entry("SGD", 50L), Map.entry("BRL", 50L), Map.entry("DKK", 250L), Map.entry("NOK", 300L),
            Map.entry("SEK", 300L), Map.entry("PLN", 200L), Map.entry("CZK", 1500L), Map.entry("HKD", 400L),
            Map.entry("MXN", 1000L), Map.entry("INR", 50L), Map.entry("HUF", 17500L), Map.entry("RON", 200L),
            Map.entry("BGN", 100L), Map.entry("THB", 1000L), Map.entry("AED", 200L), Map.entry("MYR", 200L));

    private MinimumCharge() {
    }

    public static Optional<Money> forCurrency(String currency) {
        Long minor = MINIMUM_MINOR.get(currency);
        return minor == null ? Optional.empty() : Optional.of(Money.of(minor, currency));
    }

    public static String supportedCurrencies() {
        return String.join(", ", new TreeSet<>(MINIMUM_MINOR.keySet()));
    }
}

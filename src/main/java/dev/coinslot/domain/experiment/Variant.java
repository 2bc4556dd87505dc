package dev.coinslot.domain.experiment;

/** One arm of a price experiment: its name, the unit price it charges and its share of users (weight / Σ weights). */
public record Variant(String name, long priceCredits, int weight) {
}

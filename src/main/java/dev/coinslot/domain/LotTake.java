package dev.coinslot.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Credits taken out of one lot (by a purchase, a clawback or expiry): which lot (source, origin, acquiredAt), how many
 * credits, and their money value ({@link Lot#costOf}) when the lot has a cost basis.
 */
public record LotTake(LotSource source, String origin, Instant acquiredAt, long credits, Optional<Money> value) {

    public LotTake {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(value, "value");
        acquiredAt = acquiredAt.truncatedTo(ChronoUnit.SECONDS);
        if (credits <= 0) {
            throw new IllegalArgumentException("a take is of a positive number of credits");
        }
    }

    /** The money value of {@code takes} per currency, sorted by currency (zero amounts left out). */
    public static List<Money> value(List<LotTake> takes) {
        TreeMap<String, Long> byCurrency = new TreeMap<>();
        takes.forEach(t -> t.value().ifPresent(v -> byCurrency.merge(v.currency(), v.amountMinor(), Math::addExact)));
        return byCurrency.entrySet().stream().filter(e -> e.getValue() != 0).map(e -> Money.of(e.getValue(), e.getKey()))
                .toList();
    }
}

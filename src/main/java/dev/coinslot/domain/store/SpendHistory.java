package dev.coinslot.domain.store;

import dev.coinslot.domain.Credits;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Credits spent on purchases per UTC day, for the last {@link #DAYS} days only (older days are dropped on every
 * purchase, so the map never holds more than 30 entries and fits on the wallet item).
 */
public record SpendHistory(Map<LocalDate, Long> perDay) {

    public static final int DAYS = 30;
    public static final SpendHistory NONE = new SpendHistory(Map.of());

    public SpendHistory {
        perDay = Map.copyOf(perDay);
    }

    /** Credits spent in the 30 days ending with {@code today} (today included). */
    public Credits last30Days(LocalDate today) {
        LocalDate first = today.minusDays(DAYS - 1L);
        return Credits.of(perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(first) && !e.getKey().isAfter(today))
                .mapToLong(Map.Entry::getValue).sum());
    }

    /** The history after spending {@code credits} on {@code day}, days older than the 30-day window dropped. */
    public SpendHistory plus(Credits credits, LocalDate day) {
        TreeMap<LocalDate, Long> next = new TreeMap<>(perDay);
        next.merge(day, credits.amount(), Math::addExact);
        next.headMap(day.minusDays(DAYS - 1L)).clear();
        return new SpendHistory(next);
    }
}

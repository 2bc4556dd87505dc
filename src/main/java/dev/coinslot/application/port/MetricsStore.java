package dev.coinslot.application.port;

import dev.coinslot.domain.metrics.DayCounters;
import dev.coinslot.domain.metrics.MetricFact;
import dev.coinslot.domain.metrics.SkuDay;
import dev.coinslot.domain.metrics.UserDay;
import java.time.LocalDate;
import java.util.List;

/**
 * The daily metric aggregates. {@link #count} adds one fact to its day's counters exactly once: the fact's marker,
 * the counters and the per-user-per-day item are written together or not at all, so a redelivered fact changes
 * nothing. Infrastructure failures are {@link StoreUnavailableException}.
 */
public interface MetricsStore {

    /** What counting a fact did. */
    sealed interface Counted permits Counted.Added, Counted.AlreadyCounted {
        /** The fact was added to its day's counters. */
        record Added() implements Counted {
        }

        /** The fact's marker was there: it had been counted before (a redelivery); nothing changed. */
        record AlreadyCounted() implements Counted {
        }
    }

    Counted count(MetricFact fact);

    /** The day counters of the UTC days [from, to) that have any; days without facts are absent. */
    List<DayCounters> days(LocalDate from, LocalDate to);

    /** The SKU counters of the days [from, to). */
    List<SkuDay> skuDays(LocalDate from, LocalDate to);

    /** The per-user-per-day items of the days [from, to). */
    List<UserDay> userDays(LocalDate from, LocalDate to);
}

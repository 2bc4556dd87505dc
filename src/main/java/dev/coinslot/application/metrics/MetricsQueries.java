package dev.coinslot.application.metrics;

import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.MetricsStore;
import dev.coinslot.domain.metrics.MetricsReport;
import dev.coinslot.domain.metrics.MetricsReport.GroupBy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The read path of the metrics (what {@code GET /admin/metrics} answers): the report for the UTC days [from, to),
 * grouped by day or SKU, from the daily aggregates; churn compares with the period of the same length just before.
 */
@ApplicationScoped
public class MetricsQueries {

    /** Longest period one report reads (its per-user-per-day items, and as many again for churn). */
    public static final int MAX_DAYS = 92;

    private final MetricsStore store;
    private final String currency;

    @Inject
    public MetricsQueries(MetricsStore store, ServiceSettings settings) {
        this(store, settings.currency());
    }

    public MetricsQueries(MetricsStore store, String currency) {
        this.store = store;
        this.currency = currency;
    }

    /** The best-selling SKUs of the {@code days} UTC days before {@code today} (today included), for the storefront. */
    public List<MetricsReport.TopSeller> topSellers(LocalDate today, int days, int limit) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be 1.." + MAX_DAYS);
        }
        LocalDate to = today.plusDays(1);
        return MetricsReport.topSellers(store.skuDays(to.minusDays(days), to), limit);
    }

    public MetricsReport report(LocalDate from, LocalDate to, GroupBy groupBy) {
        long length = ChronoUnit.DAYS.between(from, to);
        if (length < 1 || length > MAX_DAYS) {
            throw new IllegalArgumentException("period must be 1.." + MAX_DAYS + " days");
        }
        return MetricsReport.compute(from, to, groupBy, currency, store.days(from, to), store.skuDays(from, to),
                store.userDays(from, to), store.userDays(from.minusDays(length), from));
    }
}

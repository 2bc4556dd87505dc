package dev.coinslot.support.fakes;

import dev.coinslot.application.port.MetricsStore;
import dev.coinslot.domain.metrics.DayCounters;
import dev.coinslot.domain.metrics.MetricFact;
import dev.coinslot.domain.metrics.SkuDay;
import dev.coinslot.domain.metrics.UserDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@link MetricsStore} in memory: the same exactly-once and distinct-count rules as the DynamoDB store, for service tests. */
public final class InMemoryMetricsStore implements MetricsStore {

    private final Set<String> counted = new HashSet<>();
    private final TreeMap<LocalDate, List<MetricFact>> facts = new TreeMap<>();

    @Override
    public synchronized Counted count(MetricFact fact) {
        if (!counted.add(fact.factId())) {
            return new Counted.AlreadyCounted();
        }
        facts.computeIfAbsent(fact.day(), d -> new ArrayList<>()).add(fact);
        return new Counted.Added();
    }

    @Override
    public synchronized List<DayCounters> days(LocalDate from, LocalDate to) {
        List<DayCounters> out = new ArrayList<>();
        facts.subMap(from, to).forEach((day, list) -> {
            long purchases = 0, quantity = 0, credits = 0, topUps = 0, topUpCredits = 0, clawbacks = 0, clawed = 0,
                    refunds = 0, refunded = 0;
            Map<String, Long> minor = new HashMap<>();
            Set<String> active = new HashSet<>(), purchasers = new HashSet<>(), payers = new HashSet<>();
            for (MetricFact f : list) {
                active.add(f.userId());
                switch (f) {
                    case MetricFact.Purchased p -> {
                        purchases++;
                        quantity += p.quantity();
                        credits += p.credits().amount();
                        purchasers.add(p.userId());
                    }
                    case MetricFact.ToppedUp t -> {
                        topUps++;
                        topUpCredits += t.credits().amount();
                        minor.merge(t.amount().currency(), t.amount().amountMinor(), Long::sum);
                        payers.add(t.userId());
                    }
                    case MetricFact.ClawedBack c -> {
                        clawbacks++;
                        clawed += c.credits().amount();
                    }
                    case MetricFact.PurchaseRefunded r -> {
                        refunds++;
                        refunded += r.credits().amount();
                    }
                }
            }
            out.add(new DayCounters(day, purchases, quantity, credits, purchasers.size(), topUps, minor, topUpCredits,
                    payers.size(), clawbacks, clawed, active.size(), refunds, refunded));
        });
        return out;
    }

    @Override
    public synchronized List<SkuDay> skuDays(LocalDate from, LocalDate to) {
        List<SkuDay> out = new ArrayList<>();
        facts.subMap(from, to).forEach((day, list) -> {
            Map<String, long[]> sums = new TreeMap<>();
            Map<String, Set<String>> buyers = new HashMap<>();
            for (MetricFact f : list) {
                if (f instanceof MetricFact.Purchased p) {
                    long[] s = sums.computeIfAbsent(p.sku(), k -> new long[5]);
                    s[0]++;
                    s[1] += p.quantity();
                    s[2] += p.credits().amount();
                    buyers.computeIfAbsent(p.sku(), k -> new HashSet<>()).add(p.userId());
                } else if (f instanceof MetricFact.PurchaseRefunded r) {
                    long[] s = sums.computeIfAbsent(r.sku(), k -> new long[5]);
                    s[3]++;
                    s[4] += r.credits().amount();
                }
            }
            sums.forEach((sku, s) -> out.add(new SkuDay(day, sku, s[0], s[1], s[2],
                    buyers.getOrDefault(sku, Set.of()).size(), s[3], s[4])));
        });
        return out;
    }

    @Override
    public synchronized List<UserDay> userDays(LocalDate from, LocalDate to) {
        List<UserDay> out = new ArrayList<>();
        facts.subMap(from, to).forEach((day, list) -> {
            Map<String, List<MetricFact>> byUser = new TreeMap<>();
            list.forEach(f -> byUser.computeIfAbsent(f.userId(), u -> new ArrayList<>()).add(f));
            byUser.forEach((user, fs) -> {
                long purchases = 0, credits = 0, topUps = 0, clawed = 0;
                Map<String, Long> minor = new HashMap<>();
                Set<String> skus = new HashSet<>();
                for (MetricFact f : fs) {
                    switch (f) {
                        case MetricFact.Purchased p -> {
                            purchases++;
                            credits += p.credits().amount();
                            skus.add(p.sku());
                        }
                        case MetricFact.ToppedUp t -> {
                            topUps++;
                            minor.merge(t.amount().currency(), t.amount().amountMinor(), Long::sum);
                        }
                        case MetricFact.ClawedBack c -> clawed += c.credits().amount();
                        case MetricFact.PurchaseRefunded r -> {
                            // counted on the day and SKU items; the user is active that day
                        }
                    }
                }
                out.add(new UserDay(day, user, purchases, credits, topUps, minor, clawed, skus));
            });
        });
        return out;
    }
}

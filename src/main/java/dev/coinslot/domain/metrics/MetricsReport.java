package dev.coinslot.domain.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The store's numbers for the UTC days [{@code from}, {@code to}), from the daily aggregates. Formulas (README
 * "Metrics"), each {@code null} when its denominator is 0:
 * <ul>
 * <li>conversion = purchasers / viewers: {@code null} until the storefront records viewers (no view is stored yet);</li>
 * <li>net credits spent = credits spent − credits of purchases refunded in the period;</li>
 * <li>ARPU = top-up money / active users, and net credits spent / active users (active = any purchase, top-up,
 * clawback or purchase refund in the period);</li>
 * <li>ARPPU = top-up money / payers, and net credits spent / purchasers;</li>
 * <li>purchase frequency = purchases / purchasers;</li>
 * <li>churn = payers of the previous period (same length, just before) with no purchase in this one / payers of the
 * previous period;</li>
 * <li>top sellers: SKUs by net credits spent, then purchases, then SKU id.</li>
 * </ul>
 * Money is in minor units of {@code currency}; ratios have 4 decimals, rounded half-even.
 */
public record MetricsReport(LocalDate from, LocalDate to, GroupBy groupBy, String currency, Figures total,
        Churn churn, List<Row> rows, List<TopSeller> topSellers) {

    public static final int SCALE = 4;

    /** How {@link #rows()} are cut. */
    public enum GroupBy {
        day, sku
    }

    /** Counts of a period or a group, with the formulas applied. */
    public record Figures(long activeUsers, long purchasers, long payers, long purchases, long quantity,
            long creditsSpent, long topUps, long topUpMinor, long topUpCredits, long clawbacks, long clawedBackCredits,
            long purchaseRefunds, long refundedCredits) {

        /** Credits spent on purchases less those refunded. */
        public long netCreditsSpent() {
            return creditsSpent - refundedCredits;
        }

        public BigDecimal conversion() {
            return null; // viewers arrive with the storefront; until then there is no denominator
        }

        public BigDecimal arpuMinor() {
            return ratio(topUpMinor, activeUsers);
        }

        public BigDecimal arpuCredits() {
            return ratio(netCreditsSpent(), activeUsers);
        }

        public BigDecimal arppuMinor() {
            return ratio(topUpMinor, payers);
        }

        public BigDecimal arppuCredits() {
            return ratio(netCreditsSpent(), purchasers);
        }

        public BigDecimal purchaseFrequency() {
            return ratio(purchases, purchasers);
        }
    }

    /** Payers of the previous period, those of them with no purchase in this one, and their share. */
    public record Churn(LocalDate previousFrom, long previousPayers, long churned) {
        public BigDecimal rate() {
            return ratio(churned, previousPayers);
        }
    }

    /** One group: a day ({@code 2026-12-07}) or a SKU id. */
    public record Row(String key, Figures figures) {
    }

    public record TopSeller(String sku, long purchases, long quantity, long creditsSpent, long purchasers,
            long refunds, long refundedCredits) {

        public long netCreditsSpent() {
            return creditsSpent - refundedCredits;
        }
    }

    /**
     * Top sellers from SKU counters alone (the storefront's "last 7 days": no user-day read), best first by net
     * credits spent, purchases, SKU id; {@code purchasers} is the sum of daily distinct purchasers (an upper bound over
     * several days).
     */
    public static List<TopSeller> topSellers(List<SkuDay> skuDays, int limit) {
        Map<String, long[]> bySku = new TreeMap<>();
        for (SkuDay s : skuDays) {
            long[] sums = add(bySku.computeIfAbsent(s.sku(), k -> new long[6]), s);
            sums[5] += s.purchasers();
        }
        List<TopSeller> sellers = new ArrayList<>();
        bySku.forEach((sku, sums) -> sellers.add(new TopSeller(sku, sums[0], sums[1], sums[2], sums[5], sums[3],
                sums[4])));
        sellers.sort(BEST_FIRST);
        return List.copyOf(sellers.subList(0, Math.min(Math.max(limit, 0), sellers.size())));
    }

    /** Adds a SKU day's purchases, quantity, credits, refunds and refunded credits to {@code sums[0..4]}. */
    private static long[] add(long[] sums, SkuDay s) {
        sums[0] += s.purchases();
        sums[1] += s.quantity();
        sums[2] += s.creditsSpent();
        sums[3] += s.refunds();
        sums[4] += s.refundedCredits();
        return sums;
    }

    private static final Comparator<TopSeller> BEST_FIRST = Comparator.comparingLong(TopSeller::netCreditsSpent).reversed()
            .thenComparing(Comparator.comparingLong(TopSeller::purchases).reversed())
            .thenComparing(TopSeller::sku);

    public static BigDecimal ratio(long numerator, long denominator) {
        return denominator == 0 ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * Applies the formulas. {@code days} and {@code skuDays} are the aggregates of the period's days, {@code users}
     * the per-user-per-day items of the period and {@code previousUsers} those of the previous period.
     */
    public static MetricsReport compute(LocalDate from, LocalDate to, GroupBy groupBy, String currency,
            List<DayCounters> days, List<SkuDay> skuDays, List<UserDay> users, List<UserDay> previousUsers) {
        Objects.requireNonNull(groupBy, "groupBy");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        long length = ChronoUnit.DAYS.between(from, to);
        LocalDate previousFrom = from.minusDays(length);

        Set<String> active = new HashSet<>();
        Set<String> purchasers = new HashSet<>();
        Set<String> payers = new HashSet<>();
        Map<String, Set<String>> skuPurchasers = new TreeMap<>();
        for (UserDay u : users) {
            requireWithin(u.day(), from, to);
            active.add(u.userId());
            if (u.purchased()) {
                purchasers.add(u.userId());
            }
            if (u.paid()) {
                payers.add(u.userId());
            }
            for (String sku : u.skus()) {
                skuPurchasers.computeIfAbsent(sku, k -> new HashSet<>()).add(u.userId());
            }
        }
        Set<String> previousPayers = new HashSet<>();
        for (UserDay u : previousUsers) {
            requireWithin(u.day(), previousFrom, from);
            if (u.paid()) {
                previousPayers.add(u.userId());
            }
        }
        long churned = previousPayers.stream().filter(p -> !purchasers.contains(p)).count();

        long purchases = 0, quantity = 0, credits = 0, topUps = 0, minor = 0, topUpCredits = 0, clawbacks = 0,
                clawed = 0, refunds = 0, refunded = 0;
        List<Row> dayRows = new ArrayList<>();
        for (DayCounters d : days.stream().sorted(Comparator.comparing(DayCounters::day)).toList()) {
            requireWithin(d.day(), from, to);
            purchases += d.purchases();
            quantity += d.quantity();
            credits += d.creditsSpent();
            topUps += d.topUps();
            minor += d.topUpMinor(currency);
            topUpCredits += d.topUpCredits();
            clawbacks += d.clawbacks();
            clawed += d.clawedBackCredits();
            refunds += d.purchaseRefunds();
            refunded += d.refundedCredits();
            dayRows.add(new Row(d.day().toString(), new Figures(d.activeUsers(), d.purchasers(), d.payers(),
                    d.purchases(), d.quantity(), d.creditsSpent(), d.topUps(), d.topUpMinor(currency),
                    d.topUpCredits(), d.clawbacks(), d.clawedBackCredits(), d.purchaseRefunds(), d.refundedCredits())));
        }
        Figures total = new Figures(active.size(), purchasers.size(), payers.size(), purchases, quantity, credits,
                topUps, minor, topUpCredits, clawbacks, clawed, refunds, refunded);

        Map<String, long[]> bySku = new TreeMap<>();
        for (SkuDay s : skuDays) {
            requireWithin(s.day(), from, to);
            add(bySku.computeIfAbsent(s.sku(), k -> new long[5]), s);
        }
        List<TopSeller> sellers = new ArrayList<>();
        bySku.forEach((sku, sums) -> sellers.add(new TopSeller(sku, sums[0], sums[1], sums[2],
                skuPurchasers.getOrDefault(sku, Set.of()).size(), sums[3], sums[4])));
        sellers.sort(BEST_FIRST);

        List<Row> rows = switch (groupBy) {
            case day -> dayRows;
            case sku -> sellers.stream().map(t -> new Row(t.sku(), new Figures(t.purchasers(), t.purchasers(), 0,
                    t.purchases(), t.quantity(), t.creditsSpent(), 0, 0, 0, 0, 0, t.refunds(), t.refundedCredits())))
                    .toList();
        };
        return new MetricsReport(from, to, groupBy, currency, total,
                new Churn(previousFrom, previousPayers.size(), churned), List.copyOf(rows), List.copyOf(sellers));
    }

    private static void requireWithin(LocalDate day, LocalDate from, LocalDate to) {
        if (day.isBefore(from) || !day.isBefore(to)) {
            throw new IllegalArgumentException(day + " is outside [" + from + ", " + to + ")");
        }
    }
}

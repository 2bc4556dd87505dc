package dev.coinslot.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coinslot.domain.metrics.MetricsReport.GroupBy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's formulas on hand-made aggregates: two days, three users, two SKUs, a previous period. */
class MetricsReportTest {

    private static final LocalDate D1 = LocalDate.of(2026, 12, 1);
    private static final LocalDate D2 = D1.plusDays(1);
    private static final LocalDate END = D1.plusDays(2);

    private static UserDay user(LocalDate day, String id, long purchases, long credits, long topUps, long minor,
            String... skus) {
        return new UserDay(day, id, purchases, credits, topUps, minor == 0 ? Map.of() : Map.of("USD", minor), 0,
                Set.of(skus));
    }

    private static MetricsReport report(GroupBy groupBy) {
        List<DayCounters> days = List.of(
                new DayCounters(D1, 3, 4, 300, 2, 1, Map.of("USD", 500L), 500, 1, 0, 0, 2),
                new DayCounters(D2, 2, 2, 148, 1, 1, Map.of("USD", 1000L, "EUR", 900L), 1100, 1, 1, 20, 3));
        List<SkuDay> skus = List.of(
                new SkuDay(D1, "hat", 2, 2, 198, 2), new SkuDay(D1, "cat", 1, 2, 102, 1),
                new SkuDay(D2, "hat", 1, 1, 99, 1), new SkuDay(D2, "cat", 1, 1, 49, 1));
        List<UserDay> users = List.of(
                user(D1, "a", 2, 201, 1, 500, "hat", "cat"), user(D1, "b", 1, 99, 0, 0, "hat"),
                user(D2, "a", 2, 148, 0, 0, "hat", "cat"), user(D2, "c", 0, 0, 1, 1000),
                new UserDay(D2, "d", 0, 0, 0, Map.of(), 20, Set.of()));
        List<UserDay> previous = List.of(
                user(D1.minusDays(2), "a", 1, 99, 1, 500, "hat"), user(D1.minusDays(1), "e", 0, 0, 1, 500),
                user(D1.minusDays(1), "b", 1, 99, 0, 0, "hat"));
        return MetricsReport.compute(D1, END, groupBy, "USD", days, skus, users, previous);
    }

    @Test
    void periodFigures_followTheFormulas() {
        MetricsReport.Figures total = report(GroupBy.day).total();
        assertEquals(4, total.activeUsers()); // a, b, c, d: union of user-days, not 2 + 3
        assertEquals(2, total.purchasers()); // a, b
        assertEquals(2, total.payers()); // a, c
        assertEquals(5, total.purchases());
        assertEquals(448, total.creditsSpent());
        assertEquals(1500, total.topUpMinor()); // USD only: the EUR amount is another currency
        assertNull(total.conversion(), "no viewers recorded yet");
        assertEquals(new BigDecimal("375.0000"), total.arpuMinor()); // 1500 / 4
        assertEquals(new BigDecimal("112.0000"), total.arpuCredits()); // 448 / 4
        assertEquals(new BigDecimal("750.0000"), total.arppuMinor()); // 1500 / 2 payers
        assertEquals(new BigDecimal("224.0000"), total.arppuCredits()); // 448 / 2 purchasers
        assertEquals(new BigDecimal("2.5000"), total.purchaseFrequency()); // 5 / 2
    }

    @Test
    void churn_isPreviousPayersWithoutAPurchaseNow() {
        MetricsReport.Churn churn = report(GroupBy.day).churn();
        assertEquals(D1.minusDays(2), churn.previousFrom());
        assertEquals(2, churn.previousPayers()); // a and e paid before; b only purchased
        assertEquals(1, churn.churned()); // e bought nothing in this period; a did
        assertEquals(new BigDecimal("0.5000"), churn.rate());
    }

    @Test
    void rowsByDay_carryEachDaysExactCounts_andTopSellersRankByCredits() {
        MetricsReport report = report(GroupBy.day);
        assertEquals(List.of("2026-12-01", "2026-12-02"), report.rows().stream().map(MetricsReport.Row::key).toList());
        assertEquals(3, report.rows().get(1).figures().activeUsers());
        assertEquals(new BigDecimal("148.0000"), report.rows().get(1).figures().arppuCredits());
        assertEquals(List.of(new MetricsReport.TopSeller("hat", 3, 3, 297, 2, 0, 0),
                new MetricsReport.TopSeller("cat", 2, 3, 151, 1, 0, 0)),
                report.topSellers());
    }

    @Test
    void purchaseRefunds_takeTheirSpendBack_fromArpuArppuAndTopSellers() {
        // day 2: a refunds the 99-credit hat bought on day 1 (counted on the day of the refund)
        List<DayCounters> days = List.of(
                new DayCounters(D1, 3, 4, 300, 2, 1, Map.of("USD", 500L), 500, 1, 0, 0, 2),
                new DayCounters(D2, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 1, 1, 99));
        List<SkuDay> skus = List.of(new SkuDay(D1, "hat", 2, 2, 198, 2), new SkuDay(D1, "cat", 1, 2, 102, 1),
                new SkuDay(D2, "hat", 0, 0, 0, 0, 1, 99));
        List<UserDay> users = List.of(user(D1, "a", 2, 201, 1, 500, "hat", "cat"), user(D1, "b", 1, 99, 0, 0, "hat"),
                user(D2, "a", 0, 0, 0, 0));
        MetricsReport report = MetricsReport.compute(D1, END, GroupBy.day, "USD", days, skus, users, List.of());
        MetricsReport.Figures total = report.total();
        assertEquals(300, total.creditsSpent());
        assertEquals(1, total.purchaseRefunds());
        assertEquals(99, total.refundedCredits());
        assertEquals(201, total.netCreditsSpent());
        assertEquals(new BigDecimal("100.5000"), total.arpuCredits()); // 201 / 2 active users
        assertEquals(new BigDecimal("100.5000"), total.arppuCredits()); // 201 / 2 purchasers
        assertEquals(99, report.rows().get(1).figures().refundedCredits());
        // hat grossed 198 but 99 came back: cat (102) now sells best
        assertEquals(List.of(new MetricsReport.TopSeller("cat", 1, 2, 102, 1, 0, 0),
                new MetricsReport.TopSeller("hat", 2, 2, 198, 2, 1, 99)), report.topSellers());
        assertEquals(List.of("cat", "hat"), MetricsReport.topSellers(skus, 5).stream().map(MetricsReport.TopSeller::sku)
                .toList());
    }

    @Test
    void rowsBySku_countDistinctPurchasersOverThePeriod() {
        List<MetricsReport.Row> rows = report(GroupBy.sku).rows();
        assertEquals("hat", rows.get(0).key());
        assertEquals(2, rows.get(0).figures().purchasers()); // a (both days) and b: 2, not 2 + 1
        assertEquals(new BigDecimal("1.5000"), rows.get(0).figures().purchaseFrequency());
        assertEquals(1, rows.get(1).figures().purchasers());
    }

    @Test
    void ratios_areNullWithoutDenominator_andThePeriodMustBeValid() {
        MetricsReport empty = MetricsReport.compute(D1, END, GroupBy.day, "USD", List.of(), List.of(), List.of(),
                List.of());
        assertNull(empty.total().arpuMinor());
        assertNull(empty.total().purchaseFrequency());
        assertNull(empty.churn().rate());
        assertEquals(List.of(), empty.topSellers());
        assertThrows(IllegalArgumentException.class, () -> MetricsReport.compute(END, D1, GroupBy.day, "USD",
                List.of(), List.of(), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> MetricsReport.compute(D1, D2, GroupBy.day, "USD",
                List.of(DayCounters.empty(D2)), List.of(), List.of(), List.of()));
    }
}

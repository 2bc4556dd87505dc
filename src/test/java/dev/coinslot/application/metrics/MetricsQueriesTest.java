package dev.coinslot.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coinslot.adapter.dynamodb.DynamoDbChangeDecoder;
import dev.coinslot.adapter.dynamodb.DynamoDbMetricsStore;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.application.port.MetricsStore;
import dev.coinslot.domain.metrics.MetricsReport;
import dev.coinslot.domain.metrics.MetricsReport.GroupBy;
import dev.coinslot.domain.metrics.UserDay;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.StreamBatches;
import dev.coinslot.support.fakes.InMemoryMetricsStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The read path, and the in-memory store against the DynamoDB store: the same seeded changes give the same day, SKU
 * and user-day aggregates and the same report in both.
 */
class MetricsQueriesTest {

    private static final LocalDate FROM = MetricsScenario.DAY1;

    @Test
    void inMemoryAndDynamoDbStores_giveTheSameAggregatesAndReport() {
        new DynamoDbLocalResource().start();
        DynamoDbClient dynamo = DynamoDbLocalResource.client();
        String table = "metrics-q-" + UUID.randomUUID();
        dynamo.createTable(WalletTable.createTableRequest(table));
        MetricsStore real = new DynamoDbMetricsStore(dynamo, table, Clock.systemUTC());
        MetricsStore fake = new InMemoryMetricsStore();
        MetricsScenario scenario = new MetricsScenario(5, 7, 90);
        String batch = StreamBatches.event(scenario.changes);
        new MetricsAggregation(new DynamoDbChangeDecoder(), real).apply(batch);
        new MetricsAggregation(new DynamoDbChangeDecoder(), fake).apply(batch);

        LocalDate to = FROM.plusDays(4);
        assertEquals(fake.days(FROM, to), real.days(FROM, to));
        assertEquals(scenario.expectedDays(), fake.days(FROM, to));
        Comparator<UserDay> order = Comparator.comparing(UserDay::day).thenComparing(UserDay::userId);
        assertEquals(fake.userDays(FROM, to).stream().sorted(order).toList(),
                real.userDays(FROM, to).stream().sorted(order).toList());
        for (GroupBy groupBy : GroupBy.values()) {
            MetricsReport fromReal = new MetricsQueries(real, "USD").report(FROM, to, groupBy);
            assertEquals(new MetricsQueries(fake, "USD").report(FROM, to, groupBy), fromReal);
            assertEquals(scenario.expectedDays().stream().mapToLong(d -> d.purchases()).sum(),
                    fromReal.total().purchases());
        }
    }

    @Test
    void report_readsThePreviousPeriodForChurn_andRefusesBadPeriods() {
        InMemoryMetricsStore store = new InMemoryMetricsStore();
        MetricsQueries queries = new MetricsQueries(store, "USD");
        assertEquals(FROM.minusDays(3), queries.report(FROM, FROM.plusDays(3), GroupBy.day).churn().previousFrom());
        assertThrows(IllegalArgumentException.class, () -> queries.report(FROM, FROM, GroupBy.day));
        assertThrows(IllegalArgumentException.class, () -> queries.report(FROM, FROM.plusDays(93), GroupBy.sku));
        assertEquals(List.of(), queries.report(FROM, FROM.plusDays(92), GroupBy.sku).rows());
    }

    @Test
    void topSellers_lastDays_fromSkuCountersOnly() {
        InMemoryMetricsStore store = new InMemoryMetricsStore();
        java.time.Instant day1 = FROM.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        store.count(new dev.coinslot.domain.metrics.MetricFact.Purchased("p1", "a", "hat", 1,
                dev.coinslot.domain.Credits.of(99), day1));
        store.count(new dev.coinslot.domain.metrics.MetricFact.Purchased("p2", "a", "cat", 2,
                dev.coinslot.domain.Credits.of(98), day1.plusSeconds(86_400)));
        store.count(new dev.coinslot.domain.metrics.MetricFact.Purchased("p3", "b", "cat", 1,
                dev.coinslot.domain.Credits.of(49), day1.plusSeconds(8 * 86_400))); // outside a 7-day window
        MetricsQueries queries = new MetricsQueries(store, "USD");
        List<MetricsReport.TopSeller> top = queries.topSellers(FROM.plusDays(6), 7, 5);
        assertEquals(List.of(new MetricsReport.TopSeller("hat", 1, 1, 99, 1, 0, 0),
                new MetricsReport.TopSeller("cat", 1, 2, 98, 1, 0, 0)),
                top);
        assertEquals(1, queries.topSellers(FROM.plusDays(6), 7, 1).size());
        assertEquals("cat", queries.topSellers(FROM.plusDays(8), 7, 5).get(0).sku());
        assertThrows(IllegalArgumentException.class, () -> queries.topSellers(FROM, 0, 5));
    }
}

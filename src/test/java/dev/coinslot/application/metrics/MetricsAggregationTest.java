package dev.coinslot.application.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbChangeDecoder;
import dev.coinslot.adapter.dynamodb.DynamoDbMetricsStore;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.application.metrics.MetricsAggregation.BatchResult;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.StreamBatches;
import dev.coinslot.support.StreamBatches.Change;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream-to-aggregates path on DynamoDB Local (real store, real decoder): exactly-once counting under replayed,
 * duplicated, shuffled and concurrent deliveries, checked against counters computed by hand from the scenario's
 * model; a poison record is reported without blocking the rest.
 */
class MetricsAggregationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-03-14T00:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate FROM = MetricsScenario.DAY1;
    private static final LocalDate TO = FROM.plusDays(4);
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startDynamo() {
        new DynamoDbLocalResource().start();
        dynamo = DynamoDbLocalResource.client();
    }

    private record Pipeline(String table, DynamoDbMetricsStore store, MetricsAggregation aggregation) {
        BatchResult deliver(List<Change> changes) {
            return aggregation.apply(StreamBatches.event(changes));
        }

        /** Every metric item of the table (aggregates and markers), keyed by pk|sk. */
        Map<String, Map<String, AttributeValue>> snapshot() {
            Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
            dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
                String pk = item.get("pk").s();
                if (pk.startsWith("METRICS#") || pk.startsWith("METRICFACT#")) {
                    items.put(pk + "|" + item.get("sk").s(), normalized(item));
                }
            });
            return items;
        }
    }

    /** String sets compare as sets (their order is not part of the value). */
    private static Map<String, AttributeValue> normalized(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new TreeMap<>(item);
        out.replaceAll((k, v) -> v.hasSs() ? AttributeValue.builder().ss(new java.util.TreeSet<>(v.ss())).build() : v);
        return out;
    }

    private static Pipeline pipeline() {
        String table = "metrics-" + UUID.randomUUID();
        dynamo.createTable(WalletTable.createTableRequest(table));
        DynamoDbMetricsStore store = new DynamoDbMetricsStore(dynamo, table, CLOCK);
        return new Pipeline(table, store, new MetricsAggregation(new DynamoDbChangeDecoder(), store));
    }

    private static void assertMatchesModel(MetricsScenario scenario, Pipeline p) {
        assertEquals(scenario.expectedDays(), p.store().days(FROM, TO));
        List<dev.coinslot.domain.metrics.SkuDay> skus = new ArrayList<>(p.store().skuDays(FROM, TO));
        skus.sort(java.util.Comparator.comparing(dev.coinslot.domain.metrics.SkuDay::day)
                .thenComparing(dev.coinslot.domain.metrics.SkuDay::sku));
        assertEquals(scenario.expectedSkus(), skus);
    }

    @Test
    void sameBatchDeliveredTwice_countsEveryFactOnce() {
        MetricsScenario scenario = new MetricsScenario(11, 8, 80);
        Pipeline p = pipeline();
        BatchResult first = p.deliver(scenario.changes);
        Map<String, Map<String, AttributeValue>> once = p.snapshot();
        BatchResult again = p.deliver(scenario.changes);

        assertEquals(once, p.snapshot());
        assertTrue(first.added() > 20, "the scenario has facts: " + first);
        assertEquals(0, again.added());
        assertEquals(first.added(), again.alreadyCounted());
        assertEquals(List.of(), again.failedPositions());
        assertMatchesModel(scenario, p);
    }

    @Test
    void shuffledDuplicatedBatches_giveTheAggregatesOfOneCleanPass() {
        for (long seed = 1; seed <= 4; seed++) {
            MetricsScenario scenario = new MetricsScenario(100 + seed, 6, 70);
            Pipeline clean = pipeline();
            clean.deliver(scenario.changes);

            Random random = new Random(seed);
            List<Change> deliveries = new ArrayList<>();
            for (Change c : scenario.changes) {
                for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
                    deliveries.add(c);
                }
            }
            Collections.shuffle(deliveries, random);
            Pipeline messy = pipeline();
            int failed = 0;
            for (int i = 0; i < deliveries.size(); ) {
                int size = 1 + random.nextInt(25);
                failed += messy.deliver(deliveries.subList(i, Math.min(deliveries.size(), i + size)))
                        .failedPositions().size();
                i += size;
            }
            assertEquals(0, failed);
            assertEquals(clean.snapshot(), messy.snapshot(), "seed " + seed);
            assertMatchesModel(scenario, messy);
        }
    }

    @Test
    void concurrentOverlappingDeliveries_keepDistinctCountsExact() throws Exception {
        MetricsScenario scenario = new MetricsScenario(77, 3, 60); // few users: many races for "first purchase today"
        Pipeline clean = pipeline();
        clean.deliver(scenario.changes);
        Pipeline raced = pipeline();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BatchResult>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<Change> copy = new ArrayList<>(scenario.changes);
                Collections.shuffle(copy, new Random(t));
                results.add(pool.submit(() -> raced.deliver(copy)));
            }
            int added = 0;
            for (Future<BatchResult> r : results) {
                assertEquals(List.of(), r.get().failedPositions());
                added += r.get().added();
            }
            assertEquals(scenario.expectedDays().stream().mapToLong(d -> d.purchases() + d.topUps() + d.clawbacks()
                    + d.purchaseRefunds()).sum(),
                    added, "each fact added by exactly one of the racing deliveries");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(clean.snapshot(), raced.snapshot());
        assertMatchesModel(scenario, raced);
    }

    @Test
    void poisonRecord_isReportedAsBatchItemFailure_andTheRestIsCounted() {
        Pipeline p = pipeline();
        Instant at = FROM.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
        Map<String, AttributeValue> broken = MetricsScenario.purchase("u1", "pur_bad", "hat-gold", 1, 99, at);
        broken.remove("sku"); // a purchase item without its SKU
        Map<String, AttributeValue> badDate = MetricsScenario.purchase("u2", "pur_date", "hat-gold", 1, 99, at);
        badDate.put("at", MetricsScenario.s("yesterday"));
        List<Change> batch = List.of(
                Change.insert("000000000000000000001", MetricsScenario.purchase("u1", "pur_1", "hat-gold", 1, 99, at)),
                Change.insert("000000000000000000002", broken),
                Change.insert("000000000000000000003", MetricsScenario.purchase("u2", "pur_2", "sticker-cat", 2, 98, at)),
                Change.insert("000000000000000000004", badDate));

        BatchResult result = p.deliver(batch);
        assertEquals(List.of("000000000000000000002", "000000000000000000004"), result.failedPositions());
        assertEquals(2, result.added());
        Map<String, Map<String, AttributeValue>> counted = p.snapshot();

        // Lambda retries from the lowest failed position: the poison fails again, nothing is counted twice
        BatchResult retry = p.deliver(batch.subList(1, batch.size()));
        assertEquals(List.of("000000000000000000002", "000000000000000000004"), retry.failedPositions());
        assertEquals(1, retry.alreadyCounted());
        assertEquals(counted, p.snapshot());
        var day = p.store().days(FROM, FROM.plusDays(1)).get(0);
        assertEquals(2, day.purchases());
        assertEquals(197, day.creditsSpent());
        assertEquals(2, day.purchasers());
    }

    @Test
    void anEventThatIsNoStreamBatch_failsTheInvocation() {
        Pipeline p = pipeline();
        assertThrows(IllegalArgumentException.class, () -> p.aggregation().apply("{\"version\":\"2.0\"}"));
        assertThrows(IllegalArgumentException.class, () -> p.aggregation().apply("not json"));
        assertFalse(p.snapshot().size() > 0);
    }
}

package dev.coinslot.simulation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbMetricsStore;
import dev.coinslot.adapter.dynamodb.MetricItems;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.application.metrics.MetricsQueries;
import dev.coinslot.domain.metrics.DayCounters;
import dev.coinslot.domain.metrics.MetricsReport;
import dev.coinslot.domain.metrics.SkuDay;
import dev.coinslot.domain.metrics.UserDay;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.DynamoFaults;
import dev.coinslot.support.Simulation;
import dev.coinslot.support.SimulationProfile;
import dev.coinslot.support.StreamBatches;
import dev.coinslot.support.StreamBatches.Change;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.StripeStubResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The metrics of a seeded wallet simulation (purchases, top-ups through Stripe's webhooks, refunds and disputes, with
 * DynamoDB and Stripe faults), read from DynamoDB Local's own stream of the table and delivered to the function as
 * Lambda would (raw stream events through the Lambda mock event server), every batch twice and in shuffled order.
 * The aggregates must equal (1) a recomputation done here from the raw items by hand and (2) the aggregates the
 * same store builds from a direct scan of the items.
 */
@QuarkusTest
@TestProfile(SimulationProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
class MetricsSimulationTest {

    private static final long SEED = Long.getLong("metrics.sim.seed", 9_001L);
    private static final int OPS = Integer.getInteger("metrics.sim.ops", 300);

    private final StripeStub stripe = StripeStubResource.stub();
    private final DynamoDbClient dynamo = DynamoDbLocalResource.client();

    @BeforeEach
    void reset() {
        stripe.reset();
        DynamoFaults.disarm();
    }

    @AfterEach
    void disarm() {
        DynamoFaults.disarm();
        stripe.clearFaults();
    }

    @Test
    void seededRun_streamAggregates_equalARecomputationFromTheItems_andTheScanPath() throws Exception {
        new Simulation(SEED, OPS, stripe).run();
        DynamoFaults.disarm();
        String owners = "WALLET#sim-" + SEED + "-";

        List<Change> changes = new ArrayList<>();
        for (Record r : readWholeStream()) {
            if (r.dynamodb().keys().get("pk").s().startsWith(owners)) {
                changes.add(Change.of(r));
            }
        }
        assertTrue(changes.size() > OPS, "the stream carried the run: " + changes.size() + " records");

        // deliver as the event source mapping may: random batch sizes, every batch twice, batches out of order
        Random random = new Random(SEED);
        List<List<Change>> batches = new ArrayList<>();
        for (int i = 0; i < changes.size(); ) {
            int size = 1 + random.nextInt(100);
            List<Change> batch = changes.subList(i, Math.min(changes.size(), i + size));
            batches.add(batch);
            batches.add(batch);
            i += size;
        }
        Collections.shuffle(batches, random);
        for (List<Change> batch : batches) {
            String answer = given().contentType("application/json").body(StreamBatches.event(batch))
                    .when().post("/_lambda_").then().statusCode(200).extract().asString();
            assertEquals("{\"batchItemFailures\":[]}", answer);
        }

        List<Map<String, AttributeValue>> items = scanOwnItems(owners);
        Expected expected = Expected.from(items);
        assertTrue(expected.facts > 50, "the run made facts: " + expected.facts);
        assertTrue(expected.refunds > 0, "the run refunded purchases: " + expected.refunds);
        LocalDate from = expected.days.keySet().stream().min(Comparator.naturalOrder()).orElseThrow();
        LocalDate to = expected.days.keySet().stream().max(Comparator.naturalOrder()).orElseThrow().plusDays(1);

        DynamoDbMetricsStore streamed = new DynamoDbMetricsStore(dynamo, DynamoDbLocalResource.TABLE, Clock.systemUTC());
        assertEquals(expected.dayCounters(), streamed.days(from, to));
        assertEquals(expected.skuDays(), sorted(streamed.skuDays(from, to)));

        // the scan path: the same items counted directly into a fresh table
        String scanTable = "metrics-scan-" + UUID.randomUUID();
        dynamo.createTable(WalletTable.createTableRequest(scanTable));
        DynamoDbMetricsStore scanned = new DynamoDbMetricsStore(dynamo, scanTable, Clock.systemUTC());
        int counted = 0;
        for (Map<String, AttributeValue> item : items) {
            if (MetricItems.fact(item).isPresent()) {
                scanned.count(MetricItems.fact(item).get());
                counted++;
            }
        }
        assertEquals(expected.facts, counted);
        assertEquals(scanned.days(from, to), streamed.days(from, to));
        assertEquals(sorted(scanned.skuDays(from, to)), sorted(streamed.skuDays(from, to)));
        assertEquals(userDays(scanned.userDays(from, to), owners), userDays(streamed.userDays(from, to), owners));
        for (MetricsReport.GroupBy groupBy : MetricsReport.GroupBy.values()) {
            assertEquals(new MetricsQueries(scanned, "USD").report(from, to, groupBy),
                    new MetricsQueries(streamed, "USD").report(from, to, groupBy), groupBy.name());
        }
        System.out.printf("metrics simulation seed=%d records=%d deliveries=%d facts=%d days=%s%n", SEED,
                changes.size(), batches.size(), expected.facts, expected.dayCounters());
    }

    private List<Record> readWholeStream() {
        List<Record> records = new ArrayList<>();
        try (DynamoDbStreamsClient streams = DynamoDbLocalResource.streamsClient()) {
            String arn = dynamo.describeTable(b -> b.tableName(DynamoDbLocalResource.TABLE)).table().latestStreamArn();
            List<Shard> shards = new ArrayList<>();
            String start = null;
            do {
                String from = start;
                var description = streams.describeStream(b -> b.streamArn(arn).exclusiveStartShardId(from))
                        .streamDescription();
                shards.addAll(description.shards());
                start = description.lastEvaluatedShardId();
            } while (start != null);
            for (Shard shard : shards) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String it = iterator;
                    var page = streams.getRecords(b -> b.shardIterator(it).limit(1000));
                    records.addAll(page.records());
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
        }
        return records;
    }

    private List<Map<String, AttributeValue>> scanOwnItems(String owners) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(DynamoDbLocalResource.TABLE).consistentRead(true)).items()
                .forEach(item -> {
                    if (item.get("pk").s().startsWith(owners)) {
                        items.add(item);
                    }
                });
        return items;
    }

    private static List<SkuDay> sorted(List<SkuDay> skus) {
        List<SkuDay> out = new ArrayList<>(skus);
        out.sort(Comparator.comparing(SkuDay::day).thenComparing(SkuDay::sku));
        return out;
    }

    private static Map<String, UserDay> userDays(List<UserDay> users, String owners) {
        Map<String, UserDay> out = new TreeMap<>();
        users.stream().filter(u -> ("WALLET#" + u.userId()).startsWith(owners))
                .forEach(u -> out.put(u.day() + "|" + u.userId(), u));
        return out;
    }

    /** The counters recomputed by hand from the raw items (not through MetricItems or the store). */
    private static final class Expected {
        final Map<LocalDate, long[]> days = new TreeMap<>();
        final Map<LocalDate, Set<String>> active = new HashMap<>();
        final Map<LocalDate, Set<String>> purchasers = new HashMap<>();
        final Map<LocalDate, Set<String>> payers = new HashMap<>();
        final Map<LocalDate, Map<String, long[]>> skus = new TreeMap<>();
        final Map<LocalDate, Map<String, Set<String>>> skuBuyers = new HashMap<>();
        final Map<LocalDate, Map<String, Long>> minor = new HashMap<>();
        int facts;
        int refunds;

        static Expected from(List<Map<String, AttributeValue>> items) {
            Expected e = new Expected();
            for (Map<String, AttributeValue> item : items) {
                String sk = item.get("sk").s();
                String owner = item.get("owner") == null ? null : item.get("owner").s();
                boolean purchaseEntry = sk.startsWith("LEDGER#") && "PURCHASE".equals(item.get("entryType").s())
                        && item.containsKey("purchaseId");
                if (sk.startsWith("PURCHASE#") || purchaseEntry) {
                    LocalDate day = day(item.get("at").s());
                    long quantity = Long.parseLong(item.get("quantity").n());
                    long total = Long.parseLong(item.get("total").n());
                    long[] d = e.day(day);
                    d[0]++;
                    d[1] += quantity;
                    d[2] += total;
                    String sku = item.get("sku").s();
                    long[] s = e.sku(day, sku);
                    s[0]++;
                    s[1] += quantity;
                    s[2] += total;
                    e.purchasers.computeIfAbsent(day, k -> new HashSet<>()).add(owner);
                    e.skuBuyers.computeIfAbsent(day, k -> new HashMap<>()).computeIfAbsent(sku, k -> new HashSet<>())
                            .add(owner);
                    e.active.computeIfAbsent(day, k -> new HashSet<>()).add(owner);
                    e.facts++;
                } else if (sk.startsWith("TOPUP#") && item.containsKey("creditedAt")) {
                    LocalDate day = day(item.get("creditedAt").s());
                    long[] d = e.day(day);
                    d[3]++;
                    d[4] += Long.parseLong(item.get("creditedCredits").n());
                    e.minor.computeIfAbsent(day, k -> new TreeMap<>()).merge(item.get("currency").s(),
                            Long.parseLong(item.get("amountMinor").n()), Long::sum);
                    e.payers.computeIfAbsent(day, k -> new HashSet<>()).add(owner);
                    e.active.computeIfAbsent(day, k -> new HashSet<>()).add(owner);
                    e.facts++;
                } else if (sk.startsWith("LEDGER#") && "PURCHASE_REFUND".equals(item.get("entryType").s())) {
                    // a self-service refund takes the refunded purchase's total back, on the refund's day
                    LocalDate day = day(item.get("at").s());
                    long total = Long.parseLong(item.get("refundTotal").n());
                    long[] d = e.day(day);
                    d[7]++;
                    d[8] += total;
                    long[] s = e.sku(day, item.get("refundSku").s());
                    s[3]++;
                    s[4] += total;
                    e.active.computeIfAbsent(day, k -> new HashSet<>()).add(owner);
                    e.facts++;
                    e.refunds++;
                } else if (sk.startsWith("LEDGER#") && item.get("entryType").s().endsWith("_CLAWBACK")) {
                    LocalDate day = day(item.get("at").s());
                    long[] d = e.day(day);
                    d[5]++;
                    d[6] -= Long.parseLong(item.get("amount").n());
                    e.active.computeIfAbsent(day, k -> new HashSet<>()).add(owner);
                    e.facts++;
                }
            }
            return e;
        }

        private long[] day(LocalDate day) {
            return days.computeIfAbsent(day, k -> new long[9]);
        }

        private long[] sku(LocalDate day, String sku) {
            return skus.computeIfAbsent(day, k -> new TreeMap<>()).computeIfAbsent(sku, k -> new long[5]);
        }

        private static LocalDate day(String instant) {
            return LocalDate.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
        }

        List<DayCounters> dayCounters() {
            List<DayCounters> out = new ArrayList<>();
            days.forEach((day, d) -> out.add(new DayCounters(day, d[0], d[1], d[2],
                    purchasers.getOrDefault(day, Set.of()).size(), d[3], minor.getOrDefault(day, Map.of()), d[4],
                    payers.getOrDefault(day, Set.of()).size(), d[5], d[6], active.getOrDefault(day, Set.of()).size(),
                    d[7], d[8])));
            return out;
        }

        List<SkuDay> skuDays() {
            List<SkuDay> out = new ArrayList<>();
            skus.forEach((day, bySku) -> bySku.forEach((sku, s) -> out.add(new SkuDay(day, sku, s[0], s[1], s[2],
                    skuBuyers.getOrDefault(day, Map.of()).getOrDefault(sku, Set.of()).size(), s[3], s[4]))));
            return out;
        }
    }
}

package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.application.port.MetricsStore;
import dev.coinslot.application.port.StoreUnavailableException;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.metrics.DayCounters;
import dev.coinslot.domain.metrics.MetricFact;
import dev.coinslot.domain.metrics.SkuDay;
import dev.coinslot.domain.metrics.UserDay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link MetricsStore} on the wallet table. Items (README "Data model"):
 * <pre>
 * METRICS#{day}        DAY                 the day's counters
 * METRICS#{day}        SKU#{sku}           one SKU's counters that day
 * METRICS#{day}        USER#{userId}       one user's activity that day (distinct counts, churn)
 * METRICFACT#{factId}  FACT                counted-fact marker, expiresAt (TTL, 7 days: past the stream's 24 h)
 * </pre>
 * Counting a fact is one read of the user's day item and one transaction: the marker (only if absent), the user's
 * day item, the day's counters and the SKU's counters. A distinct count (purchasers, payers, active users, a SKU's
 * purchasers) is raised by the transaction that creates the user's first activity of that kind that day; the user
 * item's condition pins what the read saw, so two facts racing for "first" cannot both raise it (the loser re-reads).
 */
@ApplicationScoped
public class DynamoDbMetricsStore implements MetricsStore {

    static final String METRICS_PREFIX = "METRICS#";
    static final String DAY_SK = "DAY";
    static final String SKU_PREFIX = "SKU#";
    static final String USER_PREFIX = "USER#";
    static final String FACT_PREFIX = "METRICFACT#";
    static final String FACT_SK = "FACT";
    static final String MINOR_PREFIX = "topUpMinor#";
    /** Markers outlive every redelivery: stream records live 24 h, Lambda retries within that. */
    static final Duration MARKER_TTL = Duration.ofDays(7);
    /** The partition key prefixes of every item this store writes (the metrics role may write only these). */
    public static final List<String> KEY_PREFIXES = List.of(METRICS_PREFIX, FACT_PREFIX);
    private static final int ATTEMPTS = 10;

    /** Transaction items by role: cancellation reasons are read by these indexes. */
    private enum Role {
        MARKER, USER, DAY, SKU
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    @Inject
    public DynamoDbMetricsStore(DynamoDbClient dynamo, CoinslotConfig config, Clock clock) {
        this(dynamo, config.tableName(), clock);
    }

    public DynamoDbMetricsStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String dayPk(LocalDate day) {
        return METRICS_PREFIX + day;
    }

    @Override
    public Counted count(MetricFact fact) {
        String pk = dayPk(fact.day());
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> user = DynamoErrors.getItem(dynamo, table, pk, USER_PREFIX + fact.userId());
            Firsts firsts = Firsts.of(fact, user);
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(marker(fact));
            items.add(userUpdate(pk, fact, firsts));
            items.add(dayUpdate(pk, fact, firsts));
            if (fact instanceof MetricFact.Purchased p) {
                items.add(skuUpdate(pk, p, firsts));
            } else if (fact instanceof MetricFact.PurchaseRefunded r) {
                items.add(skuRefund(pk, r));
            }
            try {
                DynamoErrors.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
                return new Counted.Added();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failed(reasons, Role.MARKER)) {
                    return new Counted.AlreadyCounted();
                }
                // USER condition: another fact of this user and day won "first"; or a conflict: read again
            }
        }
        throw new StoreUnavailableException("metrics: fact " + fact.factId() + " lost " + ATTEMPTS + " races", null);
    }

    private static boolean failed(List<CancellationReason> reasons, Role role) {
        return reasons.size() > role.ordinal() && "ConditionalCheckFailed".equals(reasons.get(role.ordinal()).code());
    }

    /** Which distinct counts this fact raises, from the user's day item as read. */
    private record Firsts(boolean newUser, boolean firstPurchase, boolean firstPay, boolean firstSku) {
        static Firsts of(MetricFact fact, Optional<Map<String, AttributeValue>> user) {
            boolean newUser = user.isEmpty();
            Map<String, AttributeValue> item = user.orElse(Map.of());
            boolean firstPurchase = fact instanceof MetricFact.Purchased && !item.containsKey("purchases");
            boolean firstPay = fact instanceof MetricFact.ToppedUp && !item.containsKey("topUps");
            boolean firstSku = fact instanceof MetricFact.Purchased p
                    && (!item.containsKey("skus") || !item.get("skus").ss().contains(p.sku()));
            return new Firsts(newUser, firstPurchase, firstPay, firstSku);
        }
    }

    private TransactWriteItem marker(MetricFact fact) {
        long expires = clock.instant().plus(MARKER_TTL).getEpochSecond();
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(FACT_PREFIX + fact.factId(), FACT_SK));
        item.put("type", s("METRICFACT"));
        item.put("day", s(fact.day().toString()));
        item.put(WalletTable.TTL, n(expires));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build();
    }

    /** ADD counters to one item; {@code condition} may be null. */
    private TransactWriteItem add(String pk, String sk, Map<String, Long> counters, Map<String, AttributeValue> set,
            String condition, Map<String, AttributeValue> conditionValues) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>(conditionValues);
        List<String> adds = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> c : counters.entrySet()) {
            if (c.getValue() == 0) {
                continue;
            }
            names.put("#a" + i, c.getKey());
            values.put(":a" + i, n(c.getValue()));
            adds.add("#a" + i + " :a" + i);
            i++;
        }
        List<String> sets = new ArrayList<>();
        int j = 0;
        for (Map.Entry<String, AttributeValue> v : set.entrySet()) {
            names.put("#s" + j, v.getKey());
            values.put(":s" + j, v.getValue());
            if (v.getValue().hasSs()) {
                adds.add("#s" + j + " :s" + j);
            } else {
                sets.add("#s" + j + " = :s" + j);
            }
            j++;
        }
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!adds.isEmpty()) {
            expression.append(expression.isEmpty() ? "" : " ").append("ADD ").append(String.join(", ", adds));
        }
        Update.Builder update = Update.builder().tableName(table).key(Attr.key(pk, sk))
                .updateExpression(expression.toString());
        if (!names.isEmpty()) {
            update.expressionAttributeNames(names);
        }
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        if (condition != null) {
            update.conditionExpression(condition);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    private TransactWriteItem userUpdate(String pk, MetricFact fact, Firsts firsts) {
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("type", s("METRICS_USER"));
        set.put("owner", s(fact.userId()));
        Map<String, AttributeValue> conditionValues = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        switch (fact) {
            case MetricFact.Purchased p -> {
                counters.put("purchases", 1L);
                counters.put("credits", p.credits().amount());
                set.put("skus", AttributeValue.builder().ss(p.sku()).build());
                if (!firsts.newUser() && firsts.firstPurchase()) {
                    conditions.add("attribute_not_exists(purchases)");
                }
                if (!firsts.newUser() && firsts.firstSku()) {
                    conditions.add("NOT contains(skus, :sku)");
                    conditionValues.put(":sku", s(p.sku()));
                }
            }
            case MetricFact.ToppedUp t -> {
                counters.put("topUps", 1L);
                counters.put(MINOR_PREFIX + t.amount().currency(), t.amount().amountMinor());
                if (!firsts.newUser() && firsts.firstPay()) {
                    conditions.add("attribute_not_exists(topUps)");
                }
            }
            case MetricFact.ClawedBack c -> {
                counters.put("clawbacks", 1L);
                counters.put("clawedBack", c.credits().amount());
            }
            case MetricFact.PurchaseRefunded r -> refundCounters(counters, r);
        }
        if (firsts.newUser()) {
            conditions.add("attribute_not_exists(pk)");
        }
        String condition = conditions.isEmpty() ? null : String.join(" AND ", conditions);
        return add(pk, USER_PREFIX + fact.userId(), counters, set, condition, conditionValues);
    }

    private TransactWriteItem dayUpdate(String pk, MetricFact fact, Firsts firsts) {
        Map<String, Long> counters = new LinkedHashMap<>();
        switch (fact) {
            case MetricFact.Purchased p -> {
                counters.put("purchases", 1L);
                counters.put("quantity", (long) p.quantity());
                counters.put("credits", p.credits().amount());
                counters.put("purchasers", firsts.firstPurchase() ? 1L : 0L);
            }
            case MetricFact.ToppedUp t -> {
                counters.put("topUps", 1L);
                counters.put(MINOR_PREFIX + t.amount().currency(), t.amount().amountMinor());
                counters.put("topUpCredits", t.credits().amount());
                counters.put("payers", firsts.firstPay() ? 1L : 0L);
            }
            case MetricFact.ClawedBack c -> {
                counters.put("clawbacks", 1L);
                counters.put("clawedBack", c.credits().amount());
            }
            case MetricFact.PurchaseRefunded r -> refundCounters(counters, r);
        }
        counters.put("activeUsers", firsts.newUser() ? 1L : 0L);
        return add(pk, DAY_SK, counters, Map.of("type", s("METRICS_DAY")), null, Map.of());
    }

    private TransactWriteItem skuUpdate(String pk, MetricFact.Purchased p, Firsts firsts) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("purchases", 1L);
        counters.put("quantity", (long) p.quantity());
        counters.put("credits", p.credits().amount());
        counters.put("purchasers", firsts.firstSku() ? 1L : 0L);
        return add(pk, SKU_PREFIX + p.sku(), counters, Map.of("type", s("METRICS_SKU"), "sku", s(p.sku())), null,
                Map.of());
    }

    private static void refundCounters(Map<String, Long> counters, MetricFact.PurchaseRefunded r) {
        counters.put("purchaseRefunds", 1L);
        counters.put("refundedCredits", r.credits().amount());
    }

    private TransactWriteItem skuRefund(String pk, MetricFact.PurchaseRefunded r) {
        Map<String, Long> counters = new LinkedHashMap<>();
        refundCounters(counters, r);
        return add(pk, SKU_PREFIX + r.sku(), counters, Map.of("type", s("METRICS_SKU"), "sku", s(r.sku())), null,
                Map.of());
    }

    @Override
    public List<DayCounters> days(LocalDate from, LocalDate to) {
        List<DayCounters> days = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            LocalDate day = d;
            DynamoErrors.getItem(dynamo, table, dayPk(day), DAY_SK).ifPresent(item -> days.add(new DayCounters(day,
                    count(item, "purchases"), count(item, "quantity"), count(item, "credits"),
                    count(item, "purchasers"), count(item, "topUps"), minor(item), count(item, "topUpCredits"),
                    count(item, "payers"), count(item, "clawbacks"), count(item, "clawedBack"),
                    count(item, "activeUsers"), count(item, "purchaseRefunds"), count(item, "refundedCredits"))));
        }
        return days;
    }

    @Override
    public List<SkuDay> skuDays(LocalDate from, LocalDate to) {
        return perDay(from, to, SKU_PREFIX, (day, item) -> new SkuDay(day, item.get("sku").s(),
                count(item, "purchases"), count(item, "quantity"), count(item, "credits"),
                count(item, "purchasers"), count(item, "purchaseRefunds"), count(item, "refundedCredits")));
    }

    @Override
    public List<UserDay> userDays(LocalDate from, LocalDate to) {
        return perDay(from, to, USER_PREFIX, (day, item) -> new UserDay(day, item.get("owner").s(),
                count(item, "purchases"), count(item, "credits"), count(item, "topUps"), minor(item),
                count(item, "clawedBack"),
                item.containsKey("skus") ? new HashSet<>(item.get("skus").ss()) : Set.of()));
    }

    /** Each day's items under {@code prefix} (SKU or user items), mapped with their day. */
    private <T> List<T> perDay(LocalDate from, LocalDate to, String prefix,
            BiFunction<LocalDate, Map<String, AttributeValue>, T> mapper) {
        List<T> out = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            LocalDate day = d;
            query(day, prefix).forEach(item -> out.add(mapper.apply(day, item)));
        }
        return out;
    }

    private List<Map<String, AttributeValue>> query(LocalDate day, String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(dayPk(day)), ":prefix", s(prefix)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = DynamoErrors.call(() -> dynamo.query(request.build()));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static long count(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Map<String, Long> minor(Map<String, AttributeValue> item) {
        Map<String, Long> byCurrency = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(MINOR_PREFIX) && value.n() != null) {
                byCurrency.put(name.substring(MINOR_PREFIX.length()), Long.parseLong(value.n()));
            }
        });
        return byCurrency;
    }
}

package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.ExperimentStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.experiment.Experiment;
import dev.coinslot.domain.experiment.ExperimentReport;
import dev.coinslot.domain.experiment.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ExperimentStore} on the wallet table: definitions under {@code EXPERIMENTS / EXPERIMENT#{id}} (one partition,
 * read whole by the per-instance cache) and exposures under {@code EXPOSURE#{id} / {userId}}.
 */
@ApplicationScoped
public class DynamoDbExperimentStore implements ExperimentStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbExperimentStore(DynamoDbClient dynamo, CoinslotConfig config) {
        this.dynamo = dynamo;
        this.table = config.tableName();
    }

    @Override
    public Saved save(Experiment experiment, String operator, Instant now) {
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Optional<Map<String, AttributeValue>> current = DynamoErrors.getItem(dynamo, table, WalletTable.EXPERIMENTS_PK,
                    WalletTable.EXPERIMENT_PREFIX + experiment.id());
            Optional<Experiment> stored = current.map(DynamoDbExperimentStore::experiment);
            if (stored.isPresent() && stored.get().equals(experiment)) {
                return new Saved.Unchanged(stored.get());
            }
            if (stored.isPresent() && !now.isBefore(stored.get().startsAt())) {
                return new Saved.AlreadyStarted(stored.get());
            }
            long version = current.flatMap(item -> Attr.optNum(item, "version")).orElse(0L);
            Map<String, AttributeValue> item = item(experiment);
            item.put("version", n(version + 1));
            item.put("updatedBy", s(operator));
            item.put("updatedAt", s(now.toString()));
            try {
                DynamoErrors.call(() -> dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(
                        current.isEmpty() ? "attribute_not_exists(pk)" : "version = :v")
                        .expressionAttributeValues(current.isEmpty() ? null : Map.of(":v", n(version)))));
                return current.isEmpty() ? new Saved.Created(experiment) : new Saved.Replaced(experiment);
            } catch (ConditionalCheckFailedException e) {
                retry.backOff(); // another operator saved it meanwhile: decide again on what they wrote
            }
        }
        throw new IllegalStateException("experiment " + experiment.id() + " not saved: every attempt lost a race");
    }

    @Override
    public Optional<Experiment> stop(String experimentId, String operator, Instant at) {
        Map<String, AttributeValue> key = Attr.key(WalletTable.EXPERIMENTS_PK, WalletTable.EXPERIMENT_PREFIX + experimentId);
        try {
            DynamoErrors.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET stoppedAt = :at, stoppedBy = :by ADD version :one")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(stoppedAt)")
                    .expressionAttributeValues(Map.of(":at", s(at.toString()), ":by", s(operator), ":one", n(1)))));
        } catch (ConditionalCheckFailedException e) {
            // unknown (answered below as empty) or stopped already (the first stop stands)
        }
        return find(experimentId);
    }

    @Override
    public Optional<Experiment> find(String experimentId) {
        return DynamoErrors.getItem(dynamo, table, WalletTable.EXPERIMENTS_PK, WalletTable.EXPERIMENT_PREFIX + experimentId)
                .map(DynamoDbExperimentStore::experiment);
    }

    @Override
    public List<Experiment> all() {
        List<Experiment> experiments = new ArrayList<>();
        forEach(WalletTable.EXPERIMENTS_PK, item -> experiments.add(experiment(item)));
        return experiments;
    }

    @Override
    public void recordExposure(String experimentId, String userId, String variant, Instant at) {
        DynamoErrors.call(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Attr.key(WalletTable.EXPOSURE_PREFIX + experimentId, userId))
                .updateExpression("SET variant = if_not_exists(variant, :v), exposedAt = if_not_exists(exposedAt, :at)")
                .expressionAttributeValues(Map.of(":v", s(variant), ":at", s(at.toString())))));
    }

    /**
     * A purchase's conversion, written in the checkout's transaction ({@code DynamoDbWalletStore.commitPurchase}): the
     * buyer's exposure item (created if the storefront never showed them the price) gains one purchase and its credits.
     * No condition: the transaction's idempotency record already makes it count once.
     */
    static TransactWriteItem conversion(String table, String experimentId, String userId, String variant, long credits,
            Instant at) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Attr.key(WalletTable.EXPOSURE_PREFIX + experimentId, userId))
                .updateExpression("SET variant = if_not_exists(variant, :v), exposedAt = if_not_exists(exposedAt, :at) "
                        + "ADD purchases :one, credits :c")
                .expressionAttributeValues(Map.of(":v", s(variant), ":at", s(at.toString()), ":one", n(1), ":c", n(credits)))
                .build()).build();
    }

    @Override
    public Map<String, ExperimentReport.Tally> tallies(String experimentId) {
        Map<String, long[]> counts = new TreeMap<>();
        forEach(WalletTable.EXPOSURE_PREFIX + experimentId, item -> {
            long[] c = counts.computeIfAbsent(Attr.str(item, "variant"), v -> new long[3]);
            long purchases = Attr.optNum(item, "purchases").orElse(0L);
            c[0]++;
            c[1] += purchases > 0 ? 1 : 0;
            c[2] += Attr.optNum(item, "credits").orElse(0L);
        });
        Map<String, ExperimentReport.Tally> tallies = new TreeMap<>();
        counts.forEach((variant, c) -> tallies.put(variant, new ExperimentReport.Tally(c[0], c[1], c[2], Map.of())));
        return tallies;
    }

    private void forEach(String pk, java.util.function.Consumer<Map<String, AttributeValue>> action) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = DynamoErrors.call(() -> dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)))
                    .consistentRead(true).exclusiveStartKey(from).build()));
            page.items().forEach(action);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static Map<String, AttributeValue> item(Experiment e) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.EXPERIMENTS_PK,
                WalletTable.EXPERIMENT_PREFIX + e.id()));
        item.put("type", s("EXPERIMENT"));
        item.put("experimentId", s(e.id()));
        item.put("sku", s(e.sku()));
        item.put("variants", AttributeValue.builder().l(e.variants().stream().map(v -> AttributeValue.builder().m(Map.of(
                "name", s(v.name()), "priceCredits", n(v.priceCredits()), "weight", n(v.weight()))).build()).toList()).build());
        item.put("startsAt", s(e.startsAt().toString()));
        item.put("endsAt", s(e.endsAt().toString()));
        e.stoppedAt().ifPresent(at -> item.put("stoppedAt", s(at.toString())));
        return item;
    }

    private static Experiment experiment(Map<String, AttributeValue> item) {
        List<Variant> variants = item.get("variants").l().stream().map(AttributeValue::m).map(v -> new Variant(
                Attr.str(v, "name"), Attr.num(v, "priceCredits"), (int) Attr.num(v, "weight"))).toList();
        return new Experiment(Attr.str(item, "experimentId"), Attr.str(item, "sku"), variants,
                Instant.parse(Attr.str(item, "startsAt")), Instant.parse(Attr.str(item, "endsAt")),
                Attr.optStr(item, "stoppedAt").map(Instant::parse));
    }
}

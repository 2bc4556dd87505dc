package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.num;
import static dev.coinslot.adapter.dynamodb.Attr.optStr;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.application.port.OwnershipStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import dev.coinslot.domain.ownership.EntitlementType;
import dev.coinslot.domain.ownership.PurchaseRecord;
import dev.coinslot.domain.ownership.PurchaseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link OwnershipStore} on the single wallet table: entitlement, purchase, refund-log and idempotency items. */
@ApplicationScoped
public class DynamoDbOwnershipStore implements OwnershipStore {

    static final String CONSUME_IDEMPOTENCY_PREFIX = "IDEM#consume#";
    static final String REFUND_IDEMPOTENCY_PREFIX = "IDEM#refund#";
    static final String REFUND_LOG_SK = "REFUNDS";
    private static final String COND_NEW_OR_EXPIRED = "attribute_not_exists(pk) OR expiresAt < :now";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbOwnershipStore(DynamoDbClient dynamo, CoinslotConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.table = config.tableName();
        this.clock = clock;
    }

    @Override
    public List<Entitlement> entitlements(String ownerId) {
        List<Entitlement> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(WalletTable.walletPk(ownerId)), ":prefix", s(EntitlementItems.PREFIX)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = DynamoErrors.call(() -> dynamo.query(query.build()));
            response.items().forEach(item -> all.add(EntitlementItems.entitlement(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    @Override
    public Optional<Entitlement> entitlement(String ownerId, String sku) {
        return DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(ownerId), EntitlementItems.PREFIX + sku)
                .map(EntitlementItems::entitlement);
    }

    @Override
    public ConsumeWrite consume(ConsumeRecord record) {
        TransactWriteItem take = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(EntitlementItems.key(record.ownerId(), record.sku()))
                .updateExpression("SET #q = #q - :n, ver = ver + :one")
                .conditionExpression("entType = :consumable AND #q >= :n")
                .expressionAttributeNames(Map.of("#q", "quantity"))
                .expressionAttributeValues(Map.of(":n", n(record.quantity()), ":one", n(1),
                        ":consumable", s(EntitlementType.CONSUMABLE.name())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.walletPk(record.ownerId()),
                CONSUME_IDEMPOTENCY_PREFIX + record.key()));
        item.putAll(Map.of("type", s("IDEMPOTENCY"), "idemKey", s(record.key()), "requestHash", s(record.requestHash()),
                "owner", s(record.ownerId()), "sku", s(record.sku()), "quantity", n(record.quantity()),
                "at", s(record.at().toString()), WalletTable.TTL, n(record.expiresAt().getEpochSecond())));
        TxItems tx = new TxItems().add(Role.IDEMPOTENCY, putNewOrExpired(item)).add(Role.ENTITLEMENT, take);
        try {
            tx.commit(dynamo);
            return new ConsumeWrite.Committed();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.IDEMPOTENCY)) {
                return new ConsumeWrite.KeyExists(consumeRecord(tx.old(e, Role.IDEMPOTENCY).orElseThrow()));
            }
            if (tx.failed(e, Role.ENTITLEMENT)) {
                return new ConsumeWrite.Refused(tx.old(e, Role.ENTITLEMENT).flatMap(EntitlementItems::fromOld));
            }
            if (TxItems.conflicted(e)) {
                return new ConsumeWrite.Contention();
            }
            throw unexpected(e);
        }
    }

    @Override
    public Optional<ConsumeRecord> findConsumeRecord(String ownerId, String key) {
        return live(DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(ownerId), CONSUME_IDEMPOTENCY_PREFIX + key))
                .map(DynamoDbOwnershipStore::consumeRecord);
    }

    private static ConsumeRecord consumeRecord(Map<String, AttributeValue> item) {
        return new ConsumeRecord(str(item, "owner"), str(item, "idemKey"), str(item, "requestHash"), str(item, "sku"),
                num(item, "quantity"), Instant.parse(str(item, "at")), Instant.ofEpochSecond(num(item, WalletTable.TTL)));
    }

    /**
     * Purchases are their ledger entries (wallet v2 writes no separate purchase item): the user's ledger newest first,
     * only the entries that record a purchase, read page by page until {@code limit + 1} are found or the ledger ends.
     */
    @Override
    public PurchasePage purchases(String ownerId, int limit, Optional<String> afterPurchaseId) {
        String pk = WalletTable.walletPk(ownerId);
        String upper;
        if (afterPurchaseId.isPresent()) {
            Optional<Map<String, AttributeValue>> cursor = purchaseItem(ownerId, afterPurchaseId.get());
            if (cursor.isEmpty()) {
                return new PurchasePage(List.of(), Optional.empty());
            }
            upper = str(cursor.get(), WalletTable.SK);
        } else {
            upper = WalletTable.LEDGER_PREFIX + "~";
        }
        List<PurchaseRecord> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            // BETWEEN is inclusive: the cursor's own item comes back first and is skipped
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(false)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi")
                    .filterExpression("attribute_exists(purchaseId)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":lo", s(WalletTable.LEDGER_PREFIX), ":hi", s(upper)))
                    .limit(Math.max(limit + 2, 25));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = DynamoErrors.call(() -> dynamo.query(query.build()));
            for (Map<String, AttributeValue> item : response.items()) {
                if (afterPurchaseId.isPresent() && afterPurchaseId.get().equals(optStr(item, "purchaseId").orElse(null))) {
                    continue;
                }
                found.add(purchaseRecord(item));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null && found.size() <= limit);
        boolean more = found.size() > limit;
        List<PurchaseRecord> page = more ? found.subList(0, limit) : found;
        return new PurchasePage(List.copyOf(page),
                more ? Optional.of(page.get(page.size() - 1).purchase().id()) : Optional.empty());
    }

    @Override
    public Optional<PurchaseRecord> purchase(String ownerId, String purchaseId) {
        return purchaseItem(ownerId, purchaseId).map(DynamoDbOwnershipStore::purchaseRecord);
    }

    /** The ledger entry that records purchase {@code purchaseId} (a query of the user's ledger filtered by the id). */
    private Optional<Map<String, AttributeValue>> purchaseItem(String ownerId, String purchaseId) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(false)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .filterExpression("purchaseId = :id")
                    .expressionAttributeValues(Map.of(":pk", s(WalletTable.walletPk(ownerId)),
                            ":prefix", s(WalletTable.LEDGER_PREFIX), ":id", s(purchaseId)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = DynamoErrors.call(() -> dynamo.query(query.build()));
            if (!response.items().isEmpty()) {
                return Optional.of(response.items().get(0));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }

    private static PurchaseRecord purchaseRecord(Map<String, AttributeValue> item) {
        // purchases written before refunds existed have no status: completed
        PurchaseStatus status = optStr(item, "status").map(PurchaseStatus::valueOf).orElse(PurchaseStatus.COMPLETED);
        return new PurchaseRecord(ItemMapper.purchase(item), status, optStr(item, "refundedAt").map(Instant::parse));
    }

    @Override
    public RefundLog refundLog(String ownerId) {
        return DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(ownerId), REFUND_LOG_SK)
                .map(item -> new RefundLog(item.get("times").l().stream().map(v -> Instant.ofEpochMilli(Long.parseLong(v.n())))
                        .toList(), num(item, "ver")))
                .orElse(new RefundLog(List.of(), 0));
    }

    @Override
    public RefundWrite commitRefund(WalletChange change, List<Money> reversed, PurchaseRecord refunded,
            List<EntitlementChange> changes, RefundLog log, RefundRecord record) {
        Wallet expected = change.before();
        String ownerId = expected.ownerId();
        Optional<Map<String, AttributeValue>> purchaseItem = purchaseItem(ownerId, refunded.purchase().id());
        if (purchaseItem.isEmpty()) {
            return new RefundWrite.Changed();
        }
        Map<String, AttributeValue> refundEntry = ItemMapper.ledgerItem(change.entry());
        if (!reversed.isEmpty()) {
            Map<String, AttributeValue> recognized = new HashMap<>();
            reversed.forEach(m -> recognized.put(m.currency(), n(m.amountMinor())));
            refundEntry.put("recognized", AttributeValue.fromM(recognized));
        }
        refundEntry.put("refundOf", s(refunded.purchase().id()));
        // what the metrics take back from the purchase's spend (MetricItems: PurchaseRefunded)
        refundEntry.put("refundSku", s(refunded.purchase().skuId()));
        refundEntry.put("refundQuantity", n(refunded.purchase().quantity()));
        refundEntry.put("refundTotal", n(refunded.purchase().total().amount()));
        TxItems tx = new TxItems().add(Role.WALLET, WalletItemWrite.at(table, expected).change(change).item());
        change.expiry().ifPresent(expiry -> tx.add(Role.EXPIRY, TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(ItemMapper.ledgerItem(expiry)).conditionExpression("attribute_not_exists(pk)").build()).build()));
        tx.add(Role.LEDGER, TransactWriteItem.builder().put(Put.builder().tableName(table).item(refundEntry)
                        .conditionExpression("attribute_not_exists(pk)").build()).build())
                .add(Role.PURCHASE, TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Attr.key(WalletTable.walletPk(ownerId), str(purchaseItem.get(), WalletTable.SK)))
                        .updateExpression("SET #status = :refunded, refundedAt = :at")
                        .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#status) OR #status = :completed)")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":refunded", s(PurchaseStatus.REFUNDED.name()),
                                ":completed", s(PurchaseStatus.COMPLETED.name()),
                                ":at", s(refunded.refundedAt().orElseThrow().toString())))
                        .build()).build());
        Map<String, AttributeValue> logItem = new HashMap<>(Attr.key(WalletTable.walletPk(ownerId), REFUND_LOG_SK));
        logItem.putAll(Map.of("type", s("REFUND_LOG"), "owner", s(ownerId), "ver", n(log.version()),
                "times", AttributeValue.builder().l(log.times().stream().map(t -> n(t.toEpochMilli())).toList()).build()));
        tx.add(Role.REFUND_LOG, TransactWriteItem.builder().put(Put.builder().tableName(table).item(logItem)
                .conditionExpression(log.version() == 1 ? "attribute_not_exists(pk)" : "ver = :prev")
                .expressionAttributeValues(log.version() == 1 ? null : Map.of(":prev", n(log.version() - 1))).build()).build());
        Map<String, AttributeValue> idem = new HashMap<>(Attr.key(WalletTable.walletPk(ownerId), REFUND_IDEMPOTENCY_PREFIX + record.key()));
        idem.putAll(Map.of("type", s("IDEMPOTENCY"), "idemKey", s(record.key()), "requestHash", s(record.requestHash()),
                "owner", s(ownerId), "purchaseId", s(record.purchaseId()), "returned", n(record.returned().amount()),
                "notReturned", n(record.notReturned().amount()), "balanceAfter", n(record.balanceAfter().amount()),
                "refundedAt", s(record.refundedAt().toString()), WalletTable.TTL, n(record.expiresAt().getEpochSecond())));
        idem.put("takenBack", n(record.takenBack().amount()));
        tx.add(Role.IDEMPOTENCY, putNewOrExpired(idem));
        for (EntitlementChange revoke : changes) {
            tx.add(Role.ENTITLEMENT, EntitlementItems.write(table, ownerId, revoke, refunded.purchase().id(),
                    refunded.refundedAt().orElseThrow()));
        }
        // the loyalty rewards the purchase earned, taken back in the same write
        for (LedgerEntry takeback : change.following()) {
            tx.add(Role.TAKEBACK, WalletWrites.ledgerPut(table, takeback));
        }
        try {
            tx.commit(dynamo);
            return new RefundWrite.Committed();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.IDEMPOTENCY)) {
                return new RefundWrite.KeyExists(refundRecord(tx.old(e, Role.IDEMPOTENCY).orElseThrow()));
            }
            if (tx.failed(e, Role.WALLET) || tx.failed(e, Role.PURCHASE) || tx.failed(e, Role.REFUND_LOG)
                    || tx.anyFailed(e, Role.ENTITLEMENT) || tx.anyFailed(e, Role.TAKEBACK)) {
                return new RefundWrite.Changed();
            }
            if (TxItems.conflicted(e)) {
                return new RefundWrite.Contention();
            }
            throw unexpected(e);
        }
    }

    @Override
    public Optional<RefundRecord> findRefundRecord(String ownerId, String key) {
        return live(DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(ownerId), REFUND_IDEMPOTENCY_PREFIX + key))
                .map(DynamoDbOwnershipStore::refundRecord);
    }

    private static RefundRecord refundRecord(Map<String, AttributeValue> item) {
        return new RefundRecord(str(item, "owner"), str(item, "idemKey"), str(item, "requestHash"), str(item, "purchaseId"),
                Credits.of(num(item, "returned")), Credits.of(num(item, "notReturned")),
                // records written before refunds took loyalty rewards back have no takenBack: nothing was
                Credits.of(Attr.optNum(item, "takenBack").orElse(0L)), Credits.of(num(item, "balanceAfter")),
                Instant.parse(str(item, "refundedAt")), Instant.ofEpochSecond(num(item, WalletTable.TTL)));
    }

    private Optional<Map<String, AttributeValue>> live(Optional<Map<String, AttributeValue>> item) {
        return item.filter(i -> Attr.num(i, WalletTable.TTL) >= clock.instant().getEpochSecond());
    }

    private TransactWriteItem putNewOrExpired(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(COND_NEW_OR_EXPIRED)
                .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    private static IllegalStateException unexpected(TransactionCanceledException e) {
        return new IllegalStateException("transaction cancelled for an unexpected reason: " + e.cancellationReasons(), e);
    }
}

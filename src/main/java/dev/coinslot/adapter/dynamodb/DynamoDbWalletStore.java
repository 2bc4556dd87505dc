package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link WalletStore} on the single DynamoDB wallet table; every balance change is one TransactWriteItems. */
@ApplicationScoped
public class DynamoDbWalletStore implements WalletStore {

    private static final String COND_NEW = "attribute_not_exists(pk)";
    private static final String COND_NEW_OR_EXPIRED = "attribute_not_exists(pk) OR expiresAt < :now";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbWalletStore(DynamoDbClient dynamo, CoinslotConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.table = config.tableName();
        this.clock = clock;
    }

    @Override
    public Optional<Wallet> findWallet(String ownerId) {
        return getItem(WalletTable.walletPk(ownerId), WalletTable.WALLET_SK).map(ItemMapper::wallet);
    }

    @Override
    public Optional<CheckoutIdempotency> findCheckoutIdempotency(String ownerId, String key) {
        return getItem(WalletTable.walletPk(ownerId), WalletTable.CHECKOUT_IDEMPOTENCY_PREFIX + key)
                .filter(item -> Attr.num(item, WalletTable.TTL) >= clock.instant().getEpochSecond())
                .map(ItemMapper::checkoutIdempotency);
    }

    @Override
    public PurchaseWrite commitPurchase(Wallet expected, LedgerEntry entry, Purchase purchase, CheckoutIdempotency record) {
        String pk = WalletTable.walletPk(expected.ownerId());
        TransactWriteItem walletDebit = TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(Attr.key(pk, WalletTable.WALLET_SK))
                .updateExpression("SET balance = :after, version = :next")
                .conditionExpression("version = :v AND #status = :active AND balance >= :total")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":after", n(entry.balanceAfter().amount()),
                        ":next", n(entry.sequence()),
                        ":v", n(expected.version()),
                        ":active", s("ACTIVE"),
                        ":total", n(purchase.total().amount())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        TransactWriteItem idempotency = TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(ItemMapper.checkoutIdempotencyItem(record))
                .conditionExpression(COND_NEW_OR_EXPIRED)
                .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        List<TransactWriteItem> items = List.of(walletDebit, idempotency, putNew(ItemMapper.ledgerItem(entry)),
                putNew(ItemMapper.purchaseItem(purchase)));
        try {
            transact(items);
            return new PurchaseWrite.Committed();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failedCondition(reasons, 1)) {
                return new PurchaseWrite.KeyExists(ItemMapper.checkoutIdempotency(reasons.get(1).item()));
            }
            if (failedCondition(reasons, 0)) {
                return new PurchaseWrite.WalletChanged(currentWallet(reasons.get(0)));
            }
            if (anyConflict(reasons)) {
                return new PurchaseWrite.Contention();
            }
            throw unexpected(e);
        }
    }

    @Override
    public LedgerWrite appendEntry(Wallet expected, LedgerEntry entry) {
        Update update = WalletWrites.applyEntry(table, expected, entry, "", "", Map.of(), Map.of())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            transact(List.of(TransactWriteItem.builder().update(update).build(), WalletWrites.ledgerPut(table, entry)));
            return new LedgerWrite.Committed();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (failedCondition(reasons, 0)) {
                return new LedgerWrite.WalletChanged(currentWallet(reasons.get(0)));
            }
            if (anyConflict(reasons)) {
                return new LedgerWrite.Contention();
            }
            throw unexpected(e);
        }
    }

    @Override
    public LedgerPage ledger(String ownerId, int limit, Optional<Long> beforeSequence) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .scanIndexForward(false)
                .limit(limit);
        String pk = WalletTable.walletPk(ownerId);
        if (beforeSequence.isPresent()) {
            query.keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":lo", s(WalletTable.LEDGER_PREFIX),
                            ":hi", s(WalletTable.ledgerSk(beforeSequence.get() - 1))));
        } else {
            query.keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(WalletTable.LEDGER_PREFIX)));
        }
        QueryResponse response = DynamoErrors.call(() -> dynamo.query(query.build()));
        List<LedgerEntry> entries = new ArrayList<>(response.count());
        response.items().forEach(item -> entries.add(ItemMapper.ledgerEntry(item)));
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !entries.isEmpty()
                && entries.get(entries.size() - 1).sequence() > 1;
        return new LedgerPage(entries, more ? Optional.of(entries.get(entries.size() - 1).sequence()) : Optional.empty());
    }

    private Optional<Map<String, AttributeValue>> getItem(String pk, String sk) {
        return DynamoErrors.getItem(dynamo, table, pk, sk);
    }

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(COND_NEW).build())
                .build();
    }

    private void transact(List<TransactWriteItem> items) {
        DynamoErrors.call(() -> dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build()));
    }

    private static Optional<Wallet> currentWallet(CancellationReason reason) {
        return reason.hasItem() && !reason.item().isEmpty() ? Optional.of(ItemMapper.wallet(reason.item()))
                : Optional.empty();
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private static boolean anyConflict(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    private static IllegalStateException unexpected(TransactionCanceledException e) {
        return new IllegalStateException("transaction cancelled for an unexpected reason: " + e.cancellationReasons(), e);
    }
}

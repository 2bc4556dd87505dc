package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.SpendTally;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** {@link WalletStore} on the single DynamoDB wallet table; every balance change is one TransactWriteItems. */
@ApplicationScoped
public class DynamoDbWalletStore implements WalletStore {

    private static final String COND_NEW = "attribute_not_exists(pk)";
    private static final String COND_NEW_OR_EXPIRED = "attribute_not_exists(pk) OR expiresAt < :now";
    /**
     * The spending limits as stored at the moment of the write (so a limit set concurrently is honoured); the spend
     * tally values are pinned by the version condition, since only purchases change them and purchases bump it.
     */
    private static final String WITHIN_LIMITS =
            " AND (attribute_not_exists(" + WalletAttrs.LIMIT_PER_PURCHASE + ") OR " + WalletAttrs.LIMIT_PER_PURCHASE + " >= :total)"
            + " AND (attribute_not_exists(" + WalletAttrs.LIMIT_DAILY + ") OR " + WalletAttrs.LIMIT_DAILY + " >= :dayAfter)"
            + " AND (attribute_not_exists(" + WalletAttrs.LIMIT_MONTHLY + ") OR " + WalletAttrs.LIMIT_MONTHLY + " >= :monthAfter)";

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
        LocalDate day = LocalDate.ofInstant(purchase.at(), ZoneOffset.UTC);
        SpendTally after = expected.spent().plus(purchase.total(), day);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":after", n(entry.balanceAfter().amount()),
                ":next", n(entry.sequence()),
                ":v", n(expected.version()),
                ":active", s("ACTIVE"),
                ":total", n(purchase.total().amount()),
                ":day", s(after.day().toString()),
                ":dayAfter", n(after.spentDay().amount()),
                ":month", s(after.month().toString()),
                ":monthAfter", n(after.spentMonth().amount())));
        TransactWriteItem walletDebit = TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(Attr.key(pk, WalletTable.WALLET_SK))
                .updateExpression("SET balance = :after, version = :next, " + WalletAttrs.SPENT_DAY_KEY + " = :day, "
                        + WalletAttrs.SPENT_DAY + " = :dayAfter, " + WalletAttrs.SPENT_MONTH_KEY + " = :month, "
                        + WalletAttrs.SPENT_MONTH + " = :monthAfter")
                .conditionExpression("version = :v AND #status = :active AND balance >= :total" + WITHIN_LIMITS)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)
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
    public LimitsWrite setLimits(String ownerId, SpendLimits limits, Optional<String> guardianId) {
        List<String> set = new ArrayList<>(List.of(WalletAttrs.LIMITS_BY + " = :by"));
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>(WalletItems.creationValues(ownerId));
        values.put(":by", s(limits.guardianManaged() ? WalletAttrs.BY_GUARDIAN : WalletAttrs.BY_OWNER));
        limitClause(limits.perPurchase(), WalletAttrs.LIMIT_PER_PURCHASE, ":pp", set, remove, values);
        limitClause(limits.daily(), WalletAttrs.LIMIT_DAILY, ":daily", set, remove, values);
        limitClause(limits.monthly(), WalletAttrs.LIMIT_MONTHLY, ":monthly", set, remove, values);
        String condition;
        if (guardianId.isPresent()) {
            // Fails on a missing wallet too, so a guardian can neither create nor probe wallets.
            values.put(":guardianId", s(guardianId.get()));
            condition = WalletAttrs.GUARDIAN_ID + " = :guardianId";
        } else {
            values.put(":guardian", s(WalletAttrs.BY_GUARDIAN));
            condition = "attribute_not_exists(" + WalletAttrs.LIMITS_BY + ") OR " + WalletAttrs.LIMITS_BY + " <> :guardian";
        }
        String update = "SET " + WalletItems.CREATE_IF_MISSING + ", " + String.join(", ", set)
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        if (updateWallet(ownerId, update, condition, values)) {
            return new LimitsWrite.Updated();
        }
        return guardianId.isPresent() ? new LimitsWrite.NotGuardian() : new LimitsWrite.ManagedByGuardian();
    }

    /** One conditional update of the wallet item (created empty if missing); false when the condition failed. */
    private boolean updateWallet(String ownerId, String update, String condition, Map<String, AttributeValue> values) {
        try {
            DynamoErrors.call(() -> dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(WalletTable.walletPk(ownerId), WalletTable.WALLET_SK))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(WalletItems.NAMES)
                    .expressionAttributeValues(values)
                    .build()));
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }

    private static void limitClause(Optional<Credits> limit, String attribute, String placeholder, List<String> set,
            List<String> remove, Map<String, AttributeValue> values) {
        if (limit.isPresent()) {
            set.add(attribute + " = " + placeholder);
            values.put(placeholder, n(limit.get().amount()));
        } else {
            remove.add(attribute);
        }
    }

    @Override
    public AutoTopUpWrite setAutoTopUp(String ownerId, boolean enabled, String packId, Money monthlyCap) {
        Map<String, AttributeValue> values = new HashMap<>(WalletItems.creationValues(ownerId));
        values.put(":enabled", Attr.bool(enabled));
        values.put(":pack", s(packId));
        values.put(":cap", n(monthlyCap.amountMinor()));
        values.put(":capCurrency", s(monthlyCap.currency()));
        String update = "SET " + WalletItems.CREATE_IF_MISSING + ", " + WalletAttrs.AUTO_ENABLED + " = :enabled, "
                + WalletAttrs.AUTO_PACK + " = :pack, " + WalletAttrs.AUTO_CAP + " = :cap, "
                + WalletAttrs.AUTO_CAP_CURRENCY + " = :capCurrency";
        String condition = null;
        if (enabled) {
            update += ", " + WalletAttrs.AUTO_FAILURES + " = :zero REMOVE " + WalletAttrs.AUTO_DISABLED_REASON;
            condition = "attribute_exists(" + WalletAttrs.CUSTOMER + ") AND attribute_exists(" + WalletAttrs.PAYMENT_METHOD + ")";
        }
        return updateWallet(ownerId, update, condition, values) ? new AutoTopUpWrite.Updated() : new AutoTopUpWrite.NoSavedCard();
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

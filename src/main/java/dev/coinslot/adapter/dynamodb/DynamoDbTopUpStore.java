package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.num;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.application.port.TopUpIdempotency;
import dev.coinslot.application.port.TopUpStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.TopUp;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** {@link TopUpStore} on the wallet table: top-up records, their idempotency records and the payment lookup item. */
@ApplicationScoped
public class DynamoDbTopUpStore implements TopUpStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbTopUpStore(DynamoDbClient dynamo, CoinslotConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.table = config.tableName();
        this.clock = clock;
    }

    @Override
    public Optional<String> findPaymentCustomer(String ownerId) {
        return get(WalletTable.walletPk(ownerId), WalletTable.WALLET_SK)
                .map(item -> item.get(WalletAttrs.CUSTOMER))
                .map(AttributeValue::s);
    }

    @Override
    public String linkPaymentCustomer(String ownerId, String customerId) {
        try {
            // an existing customer is answered by this guard (and the item it returns) in the one request
            DynamoErrors.call(() -> dynamo.updateItem(WalletItemWrite.bump(table, ownerId).set(WalletAttrs.CUSTOMER, s(customerId))
                    .guard("attribute_not_exists(" + WalletAttrs.CUSTOMER + ")", Map.of()).request()));
            return customerId;
        } catch (ConditionalCheckFailedException alreadyLinked) {
            return str(alreadyLinked.item(), WalletAttrs.CUSTOMER);
        }
    }

    @Override
    public boolean takeHourlyTopUpSlot(String ownerId, String topUpId, Instant hour, int maxPerHour) {
        try {
            DynamoErrors.call(() -> dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(Attr.key(WalletTable.walletPk(ownerId), WalletTable.TOPUP_RATE_PREFIX + hour))
                    .updateExpression("ADD topups :ids SET #type = :type, #owner = :owner, expiresAt = :expires")
                    // One conditional update: concurrent top-ups serialise on the item, so no more than maxPerHour
                    // distinct top-ups can ever hold a slot of the hour; a retried top-up keeps its slot.
                    .conditionExpression("attribute_not_exists(topups) OR contains(topups, :id) OR size(topups) < :max")
                    .expressionAttributeNames(Map.of("#type", "type", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":ids", AttributeValue.fromSs(List.of(topUpId)), ":id", s(topUpId),
                            ":max", n(maxPerHour), ":type", s("TOPUP_RATE"), ":owner", s(ownerId),
                            ":expires", n(hour.plus(Duration.ofDays(1)).getEpochSecond())))
                    .build()));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    @Override
    public Optional<TopUpIdempotency> findTopUpIdempotency(String ownerId, String key) {
        return get(WalletTable.walletPk(ownerId), WalletTable.TOPUP_IDEMPOTENCY_PREFIX + key)
                .filter(item -> num(item, WalletTable.TTL) >= clock.instant().getEpochSecond())
                .map(DynamoDbTopUpStore::idempotency);
    }

    @Override
    public Optional<TopUp> findTopUp(String ownerId, String topUpId) {
        return get(WalletTable.walletPk(ownerId), WalletTable.TOPUP_PREFIX + topUpId).map(TopUpItems::topUp);
    }

    @Override
    public TopUpWrite recordTopUp(TopUp topUp, TopUpIdempotency record) {
        Map<String, AttributeValue> idem = new HashMap<>(Attr.key(WalletTable.walletPk(record.ownerId()),
                WalletTable.TOPUP_IDEMPOTENCY_PREFIX + record.key()));
        idem.put("type", s("IDEMPOTENCY"));
        idem.put("owner", s(record.ownerId()));
        idem.put("idemKey", s(record.key()));
        idem.put("requestHash", s(record.requestHash()));
        idem.put("topupId", s(record.topUpId()));
        idem.put("paymentIntentId", s(record.paymentIntentId()));
        idem.put(WalletTable.TTL, n(record.expiresAt().getEpochSecond()));
        TxItems tx = new TxItems()
                .add(Role.IDEMPOTENCY, TransactWriteItem.builder().put(Put.builder().tableName(table).item(idem)
                        .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                        .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build())
                .add(Role.TOPUP, TransactWriteItem.builder().update(TopUpItems.upsertPending(table, topUp)).build())
                .add(Role.PAYMENT, TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(TopUpItems.paymentLookup(topUp.paymentIntentId(), topUp.ownerId(), topUp.id())).build()).build());
        try {
            tx.commit(dynamo);
            return new TopUpWrite.Committed();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.IDEMPOTENCY)) {
                return new TopUpWrite.KeyExists(idempotency(tx.old(e, Role.IDEMPOTENCY).orElseThrow()));
            }
            if (TxItems.conflicted(e)) {
                throw new dev.coinslot.application.port.StoreUnavailableException("top-up write conflicted; retry", e);
            }
            throw new IllegalStateException("top-up transaction cancelled: " + e.cancellationReasons(), e);
        }
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        return DynamoErrors.getItem(dynamo, table, pk, sk);
    }

    private static TopUpIdempotency idempotency(Map<String, AttributeValue> item) {
        return new TopUpIdempotency(str(item, "owner"), str(item, "idemKey"), str(item, "requestHash"), str(item, "topupId"),
                str(item, "paymentIntentId"), Instant.ofEpochSecond(num(item, WalletTable.TTL)));
    }

}

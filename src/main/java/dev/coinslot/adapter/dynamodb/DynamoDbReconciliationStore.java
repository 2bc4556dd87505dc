package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link ReconciliationStore} on the wallet table: each webhook effect is one conditional TransactWriteItems. */
@ApplicationScoped
public class DynamoDbReconciliationStore implements ReconciliationStore {

    private static final String CREDITABLE = "(attribute_not_exists(#status) OR #status IN (:pending, :failed))";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbReconciliationStore(DynamoDbClient dynamo, CoinslotConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.table = config.tableName();
        this.clock = clock;
    }

    @Override
    public boolean eventProcessed(String eventId) {
        return get(WalletTable.EVENT_PREFIX + eventId, WalletTable.EVENT_SK).isPresent();
    }

    @Override
    public void markEventProcessed(String eventId, String type) {
        DynamoErrors.call(() -> dynamo.putItem(PutItemRequest.builder().tableName(table)
                .item(WalletWrites.eventMarker(eventId, type, clock.instant())).build()));
    }

    @Override
    public Optional<WalletState> findWalletState(String ownerId) {
        return get(WalletTable.walletPk(ownerId), WalletTable.WALLET_SK).map(item -> new WalletState(ItemMapper.wallet(item),
                item.containsKey("openDisputes") ? Set.copyOf(item.get("openDisputes").ss()) : Set.of()));
    }

    @Override
    public Optional<TopUp> findTopUp(String ownerId, String topUpId) {
        return get(WalletTable.walletPk(ownerId), WalletTable.TOPUP_PREFIX + topUpId).map(TopUpItems::topUp);
    }

    @Override
    public Optional<PaymentRef> findPayment(String paymentIntentId) {
        if (paymentIntentId == null) {
            return Optional.empty();
        }
        return get(WalletTable.PAYMENT_PREFIX + paymentIntentId, WalletTable.PAYMENT_SK)
                .map(item -> new PaymentRef(str(item, "owner"), str(item, "topupId")));
    }

    @Override
    public Write creditTopUp(Wallet expected, LedgerEntry entry, TopUp topUp, Optional<String> paymentMethod,
            Optional<YearMonth> countInCap, String eventId, String eventType) {
        Instant now = clock.instant();
        // A succeeded payment ends any run of declined auto top-ups, whoever credits it (webhook, sweep, or the auto
        // top-up's own synchronous credit, which knows no payment method).
        String walletUpdate = ", " + WalletAttrs.AUTO_FAILURES + " = :noFailures";
        String walletCondition = "";
        Map<String, AttributeValue> walletValues = new HashMap<>(Map.of(":noFailures", n(0)));
        // It also saved its card for off-session use (every Coinslot payment asks for that): keep it for auto top-up.
        if (paymentMethod.isPresent()) {
            walletUpdate += ", " + WalletAttrs.PAYMENT_METHOD + " = :pm";
            walletValues.put(":pm", s(paymentMethod.get()));
        }
        Optional<AutoTopUp> auto = expected.autoTopUp();
        if (countInCap.isPresent() && auto.isPresent()) {
            // a declined auto top-up that succeeded after all: its amount, given back to the cap, counts again
            walletUpdate += ", " + WalletAttrs.AUTO_MONTH + " = :capMonth, " + WalletAttrs.AUTO_CHARGED + " = :capCharged";
            walletCondition = "(attribute_not_exists(" + WalletAttrs.AUTO_MONTH + ") OR " + WalletAttrs.AUTO_MONTH
                    + " = :oldCapMonth) AND (attribute_not_exists(" + WalletAttrs.AUTO_CHARGED + ") OR "
                    + WalletAttrs.AUTO_CHARGED + " = :oldCapCharged)";
            walletValues.putAll(Map.of(":capMonth", s(countInCap.get().toString()),
                    ":capCharged", n(auto.get().chargedIn(countInCap.get()) + topUp.amount().amountMinor()),
                    ":oldCapMonth", s(auto.get().chargedMonth().toString()), ":oldCapCharged", n(auto.get().chargedMinor())));
        }
        Update wallet = WalletWrites.applyEntry(table, expected, entry, walletUpdate, walletCondition, Map.of(), walletValues)
                .build();
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(topUp.ownerId(), topUp.id()))
                .updateExpression(TopUpItems.FILL_FIELDS + ", #status = :succeeded, creditedAt = :now, creditedCredits = :credits")
                .conditionExpression(topUp.capReleased() ? CREDITABLE
                        : CREDITABLE + " AND attribute_not_exists(" + TopUpItems.CAP_RELEASED + ")")
                .expressionAttributeNames(Map.of("#type", "type", "#owner", "owner", "#status", "status"))
                .expressionAttributeValues(TopUpItems.values(topUp, Map.of(
                        ":succeeded", s(TopUpStatus.SUCCEEDED.name()), ":pending", s(TopUpStatus.PENDING.name()),
                        ":failed", s(TopUpStatus.FAILED.name()), ":now", s(now.toString()),
                        ":credits", n(topUp.totalCredits().amount()))))
                .build();
        return transact(List.of(
                TransactWriteItem.builder().update(wallet).build(),
                WalletWrites.ledgerPut(table, entry),
                TransactWriteItem.builder().update(topUpUpdate).build(),
                paymentLookupPut(topUp),
                WalletWrites.eventMarkerPut(table, eventId, eventType, now)), 2, 0);
    }

    @Override
    public boolean markTopUpFailed(TopUp topUp, String eventId, String eventType) {
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(topUp.ownerId(), topUp.id()))
                .updateExpression(TopUpItems.FILL_FIELDS + ", #status = :failed")
                .conditionExpression(CREDITABLE)
                .expressionAttributeNames(Map.of("#type", "type", "#owner", "owner", "#status", "status"))
                .expressionAttributeValues(TopUpItems.values(topUp, Map.of(
                        ":pending", s(TopUpStatus.PENDING.name()), ":failed", s(TopUpStatus.FAILED.name()))))
                .build();
        Write write = transact(List.of(
                TransactWriteItem.builder().update(topUpUpdate).build(),
                paymentLookupPut(topUp),
                WalletWrites.eventMarkerPut(table, eventId, eventType, clock.instant())), 0, -1);
        return switch (write) {
            case Write.Committed c -> true;
            case Write.AlreadyApplied a -> false;
            case Write.WalletChanged w -> throw new IllegalStateException("no wallet in this transaction");
            case Write.Contention c -> throw new dev.coinslot.application.port.StoreUnavailableException(
                    "top-up update conflicted; retry", null);
        };
    }

    @Override
    public Write clawBack(WalletState expected, LedgerEntry entry, TopUp topUp, long newClawedBack, TopUpStatus newStatus,
            Optional<String> closeDisputeId, String eventId, String eventType) {
        Instant now = clock.instant();
        Update.Builder wallet;
        if (closeDisputeId.isPresent()) {
            DisputeChange change = DisputeChange.closing(expected, closeDisputeId.get());
            wallet = WalletWrites.applyEntry(table, expected.wallet(), entry, ", #status = :newWalletStatus DELETE openDisputes :d",
                    change.condition(), Map.of(), change.values());
        } else {
            wallet = WalletWrites.applyEntry(table, expected.wallet(), entry, "", "", Map.of(), Map.of());
        }
        String guard = topUp.clawedBack().amount() == 0
                ? "(attribute_not_exists(clawedBackCredits) OR clawedBackCredits = :old)" : "clawedBackCredits = :old";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":old", n(topUp.clawedBack().amount()),
                ":new", n(newClawedBack), ":st", s(newStatus.name()), ":now", s(now.toString())));
        closeDisputeId.ifPresent(d -> values.put(":outcome", s("lost:" + d)));
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(topUp.ownerId(), topUp.id()))
                .updateExpression("SET clawedBackCredits = :new, #status = :st, clawedBackAt = :now"
                        + (closeDisputeId.isPresent() ? ", disputeOutcome = :outcome" : ""))
                .conditionExpression("attribute_exists(pk) AND " + guard)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)
                .build();
        return transact(List.of(
                TransactWriteItem.builder().update(wallet.build()).build(),
                WalletWrites.ledgerPut(table, entry),
                TransactWriteItem.builder().update(topUpUpdate).build(),
                WalletWrites.eventMarkerPut(table, eventId, eventType, now)), 2, 0);
    }

    @Override
    public Write openDispute(String ownerId, String topUpId, String disputeId, String eventId, String eventType) {
        Update wallet = Update.builder().tableName(table)
                .key(Attr.key(WalletTable.walletPk(ownerId), WalletTable.WALLET_SK))
                .updateExpression("SET #status = :frozen, balance = if_not_exists(balance, :zero), "
                        + "version = if_not_exists(version, :zero), #owner = :owner, #type = :type ADD openDisputes :d")
                .conditionExpression("NOT contains(openDisputes, :id)")
                .expressionAttributeNames(Map.of("#status", "status", "#owner", "owner", "#type", "type"))
                .expressionAttributeValues(Map.of(":frozen", s("FROZEN"), ":zero", n(0), ":owner", s(ownerId),
                        ":type", s("WALLET"), ":d", AttributeValue.builder().ss(disputeId).build(), ":id", s(disputeId)))
                .build();
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(ownerId, topUpId))
                .updateExpression("SET #status = :disputed, disputedAt = :now")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":disputed", s(TopUpStatus.DISPUTED.name()), ":now", s(clock.instant().toString())))
                .build();
        return transact(List.of(
                TransactWriteItem.builder().update(wallet).build(),
                TransactWriteItem.builder().update(topUpUpdate).build(),
                WalletWrites.eventMarkerPut(table, eventId, eventType, clock.instant())), 0, -1);
    }

    @Override
    public Write closeDispute(WalletState expected, TopUp topUp, String disputeId, TopUpStatus newStatus, String eventId,
            String eventType) {
        DisputeChange change = DisputeChange.closing(expected, disputeId);
        Map<String, AttributeValue> values = new HashMap<>(change.values());
        Update wallet = Update.builder().tableName(table)
                .key(Attr.key(WalletTable.walletPk(expected.wallet().ownerId()), WalletTable.WALLET_SK))
                .updateExpression("SET #status = :newWalletStatus DELETE openDisputes :d")
                .conditionExpression(change.condition())
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)
                .build();
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(topUp.ownerId(), topUp.id()))
                .updateExpression("SET #status = :st, disputeOutcome = :outcome")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":st", s(newStatus.name()), ":outcome", s("closed:" + disputeId)))
                .build();
        return transact(List.of(
                TransactWriteItem.builder().update(wallet).build(),
                TransactWriteItem.builder().update(topUpUpdate).build(),
                WalletWrites.eventMarkerPut(table, eventId, eventType, clock.instant())), -1, 0);
    }

    /** Condition and values that remove one open dispute and set the wallet's status from what remains. */
    private record DisputeChange(String condition, Map<String, AttributeValue> values) {
        static DisputeChange closing(WalletState state, String disputeId) {
            int open = state.openDisputes().size();
            String status = open <= 1 ? "ACTIVE" : "FROZEN";
            return new DisputeChange("contains(openDisputes, :id) AND size(openDisputes) = :open",
                    Map.of(":id", s(disputeId), ":open", n(open), ":newWalletStatus", s(status),
                            ":d", AttributeValue.builder().ss(disputeId).build()));
        }
    }

    private TransactWriteItem paymentLookupPut(TopUp topUp) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(TopUpItems.paymentLookup(topUp.paymentIntentId(), topUp.ownerId(), topUp.id())).build()).build();
    }

    /**
     * Runs a transaction; a failed condition on item {@code appliedGuard} means the change was already applied, on item
     * {@code walletGuard} that the wallet moved on (-1: no such item).
     */
    private Write transact(List<TransactWriteItem> items, int appliedGuard, int walletGuard) {
        try {
            DynamoErrors.call(() -> dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build()));
            return new Write.Committed();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (appliedGuard >= 0 && WalletWrites.failed(reasons, appliedGuard)) {
                return new Write.AlreadyApplied();
            }
            if (walletGuard >= 0 && WalletWrites.failed(reasons, walletGuard)) {
                return new Write.WalletChanged();
            }
            if (WalletWrites.conflicted(reasons)) {
                return new Write.Contention();
            }
            throw new IllegalStateException("reconciliation transaction cancelled: " + reasons, e);
        }
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        return DynamoErrors.getItem(dynamo, table, pk, sk);
    }
}

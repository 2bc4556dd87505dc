package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
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
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link ReconciliationStore} on the wallet table: each webhook effect is one conditional TransactWriteItems. */
@ApplicationScoped
public class DynamoDbReconciliationStore implements ReconciliationStore {

    private static final String OPEN_DISPUTES = "openDisputes";
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
                item.containsKey(OPEN_DISPUTES) ? Set.copyOf(item.get(OPEN_DISPUTES).ss()) : Set.of()));
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
    public Write creditTopUp(WalletChange change, TopUp topUp, Optional<String> paymentMethod,
            Optional<YearMonth> countInCap, String eventId, String eventType) {
        Instant now = clock.instant();
        Wallet expected = change.before();
        // A succeeded payment ends any run of declined auto top-ups, whoever credits it (webhook, sweep, or the auto
        // top-up's own synchronous credit, which knows no payment method).
        WalletItemWrite wallet = WalletItemWrite.at(table, expected).set(WalletAttrs.AUTO_FAILURES, n(0));
        // It also saved its card for off-session use (every Coinslot payment asks for that): keep it for auto top-up.
        paymentMethod.ifPresent(pm -> wallet.set(WalletAttrs.PAYMENT_METHOD, s(pm)));
        Optional<AutoTopUp> auto = expected.autoTopUp();
        if (countInCap.isPresent() && auto.isPresent()) {
            // a declined auto top-up that succeeded after all: its amount, given back to the cap, counts again
            wallet.set(WalletAttrs.AUTO_MONTH, s(countInCap.get().toString()))
                    .set(WalletAttrs.AUTO_CHARGED, n(auto.get().chargedIn(countInCap.get()) + topUp.amount().amountMinor()));
        }
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
        return transact(WalletWrites.walletAndEntries(table, wallet, change)
                .add(Role.TOPUP, TransactWriteItem.builder().update(topUpUpdate).build()).add(Role.PAYMENT, paymentLookupPut(topUp))
                .add(Role.EVENT, WalletWrites.eventMarkerPut(table, eventId, eventType, now)));
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
        Write write = transact(new TxItems().add(Role.TOPUP, TransactWriteItem.builder().update(topUpUpdate).build())
                .add(Role.PAYMENT, paymentLookupPut(topUp))
                .add(Role.EVENT, WalletWrites.eventMarkerPut(table, eventId, eventType, clock.instant())));
        return switch (write) {
            case Write.Committed c -> true;
            case Write.AlreadyApplied a -> false;
            case Write.WalletChanged w -> throw new IllegalStateException("no wallet in this transaction");
            case Write.Contention c -> throw new dev.coinslot.application.port.StoreUnavailableException(
                    "top-up update conflicted; retry", null);
        };
    }

    @Override
    public Write clawBack(WalletState expected, WalletChange change, TopUp topUp, long newClawedBack, TopUpStatus newStatus,
            Optional<String> closeDisputeId, String eventId, String eventType) {
        Instant now = clock.instant();
        WalletItemWrite wallet = WalletItemWrite.at(table, change.before());
        closeDisputeId.ifPresent(d -> closing(wallet, expected, d));
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
        return transact(WalletWrites.walletAndEntries(table, wallet, change)
                .add(Role.TOPUP, TransactWriteItem.builder().update(topUpUpdate).build())
                .add(Role.EVENT, WalletWrites.eventMarkerPut(table, eventId, eventType, now)));
    }

    @Override
    public Write openDispute(String ownerId, String topUpId, String disputeId, String eventId, String eventType) {
        // no read before: the dispute set answers "already applied" in the one request
        WalletItemWrite wallet = WalletItemWrite.bump(table, ownerId).status(WalletStatus.FROZEN)
                .addMembers(OPEN_DISPUTES, AttributeValue.fromSs(List.of(disputeId)), false)
                .guard("NOT contains(" + OPEN_DISPUTES + ", :id)", Map.of(":id", s(disputeId)));
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(ownerId, topUpId))
                .updateExpression("SET #status = :disputed, disputedAt = :now")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":disputed", s(TopUpStatus.DISPUTED.name()), ":now", s(clock.instant().toString())))
                .build();
        return transact(new TxItems().add(Role.WALLET, wallet.item())
                .add(Role.TOPUP, TransactWriteItem.builder().update(topUpUpdate).build())
                .add(Role.EVENT, WalletWrites.eventMarkerPut(table, eventId, eventType, clock.instant())), Role.WALLET, null);
    }

    @Override
    public Write closeDispute(WalletState expected, TopUp topUp, String disputeId, TopUpStatus newStatus, String eventId,
            String eventType) {
        WalletItemWrite wallet = closing(WalletItemWrite.at(table, expected.wallet()), expected, disputeId);
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(topUp.ownerId(), topUp.id()))
                .updateExpression("SET #status = :st, disputeOutcome = :outcome")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":st", s(newStatus.name()), ":outcome", s("closed:" + disputeId)))
                .build();
        return transact(new TxItems().add(Role.WALLET, wallet.item())
                .add(Role.TOPUP, TransactWriteItem.builder().update(topUpUpdate).build())
                .add(Role.EVENT, WalletWrites.eventMarkerPut(table, eventId, eventType, clock.instant())), null, Role.WALLET);
    }

    /**
     * Removes one open dispute and sets the wallet's status from what remains; the version pins the set, the guard
     * only keeps a write for a dispute that is not open from ever passing (the service decides from the set it read).
     */
    private static WalletItemWrite closing(WalletItemWrite wallet, WalletState state, String disputeId) {
        return wallet.status(state.openDisputes().size() <= 1 ? WalletStatus.ACTIVE : WalletStatus.FROZEN)
                .addMembers(OPEN_DISPUTES, AttributeValue.fromSs(List.of(disputeId)), true)
                .guard("contains(" + OPEN_DISPUTES + ", :id)", Map.of(":id", s(disputeId)));
    }

    private TransactWriteItem paymentLookupPut(TopUp topUp) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(TopUpItems.paymentLookup(topUp.paymentIntentId(), topUp.ownerId(), topUp.id())).build()).build();
    }

    /** Runs a balance change: a failed top-up condition means it was already applied, a failed wallet one that it moved on. */
    private Write transact(TxItems tx) {
        return transact(tx, Role.TOPUP, Role.WALLET);
    }

    /** Runs a transaction; a failed condition on {@code applied} means the change was already applied, on {@code moved} that the wallet moved on. */
    private Write transact(TxItems tx, Role applied, Role moved) {
        try {
            tx.commit(dynamo);
            return new Write.Committed();
        } catch (TransactionCanceledException e) {
            if (applied != null && tx.failed(e, applied)) {
                return new Write.AlreadyApplied();
            }
            if (moved != null && tx.failed(e, moved)) {
                return new Write.WalletChanged();
            }
            if (TxItems.conflicted(e)) {
                return new Write.Contention();
            }
            throw new IllegalStateException("reconciliation transaction cancelled: " + e.cancellationReasons(), e);
        }
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        return DynamoErrors.getItem(dynamo, table, pk, sk);
    }
}

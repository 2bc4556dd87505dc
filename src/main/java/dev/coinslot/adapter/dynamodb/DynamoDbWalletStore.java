package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
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
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** {@link WalletStore} on the single DynamoDB wallet table; every balance change is one TransactWriteItems. */
@ApplicationScoped
public class DynamoDbWalletStore implements WalletStore {

    private static final String COND_NEW = "attribute_not_exists(pk)";
    private static final String COND_NEW_OR_EXPIRED = "attribute_not_exists(pk) OR expiresAt < :now";
    /**
     * The spending limits as stored at the moment of the write (so a limit set concurrently is honoured); the spend
     * tally values are pinned by the version condition, since only purchases change them and purchases bump it.
     */

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
    public PurchaseWrite commitPurchase(WalletChange change, Purchase purchase, CheckoutIdempotency record,
            List<EntitlementChange> entitlements, Optional<Conversion> conversion) {
        Wallet expected = change.before();
        if (!(expected.checkSpend(purchase.total(), purchase.at()) instanceof Wallet.SpendCheck.Allowed)) {
            // the domain refuses it on the wallet the write would pin: nothing to write
            return new PurchaseWrite.WalletChanged(findWallet(expected.ownerId()));
        }
        SpendTally after = change.after().spent();
        // version = :v pins balance, lots, status, limits, tally and offer uses, so the check above holds for the stored wallet
        WalletItemWrite wallet = WalletItemWrite.at(table, expected).change(change)
                .set(WalletAttrs.SPENT_DAY_KEY, s(after.day().toString())).set(WalletAttrs.SPENT_DAY, n(after.spentDay().amount()))
                .set(WalletAttrs.SPENT_MONTH_KEY, s(after.month().toString()))
                .set(WalletAttrs.SPENT_MONTH, n(after.spentMonth().amount()))
                // the storefront activity (segments, per-user offer uses) moves with the purchase; version = :v pins it
                .set(ItemMapper.storeAttributes(change.after().store()))
                // a freeze written without a version bump (by an instance of the code before it bumped on every write,
                // or by hand) still stops the debit; the returned wallet answers 423 without another read
                .guard("#status = :active", Map.of());
        TransactWriteItem idempotency = TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(ItemMapper.checkoutIdempotencyItem(record))
                .conditionExpression(COND_NEW_OR_EXPIRED)
                .expressionAttributeValues(Map.of(":now", n(clock.instant().getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        // three items on the happy path: wallet, idempotency record, and the purchase's ledger entry (which is also the
        // purchase record and carries the entries of the loyalty rewards it earned); lapsed promotional credits add their
        // EXPIRY entry; each granted item adds its ENTITLEMENT; a reward expiring on a UTC day the wallet held nothing for
        // yet adds that day's schedule item
        EarnedCodec.checkDerivable(change.entry(), purchase, change.following());
        TxItems tx = new TxItems().add(Role.WALLET, wallet.item()).add(Role.IDEMPOTENCY, idempotency);
        change.expiry().ifPresent(expiry -> tx.add(Role.EXPIRY, putNew(ItemMapper.ledgerItem(expiry))));
        tx.add(Role.PURCHASE, putNew(ItemMapper.purchaseLedgerItem(change.entry(), purchase)));
        for (EntitlementChange grant : entitlements) {
            tx.add(Role.ENTITLEMENT, EntitlementItems.write(table, expected.ownerId(), grant, purchase.id(), purchase.at()));
        }
        WalletWrites.newExpiryDays(change).forEach(day -> tx.add(Role.SCHEDULE,
                WalletWrites.schedulePut(table, day, expected.ownerId())));
        // an experiment-priced purchase counts its conversion here, not in a request of its own after the commit
        conversion.ifPresent(c -> tx.add(Role.CONVERSION, DynamoDbExperimentStore.conversion(table, c.experimentId(),
                expected.ownerId(), c.variant(), purchase.total().amount(), purchase.at())));
        try {
            tx.commit(dynamo);
            return new PurchaseWrite.Committed();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.IDEMPOTENCY)) {
                return new PurchaseWrite.KeyExists(ItemMapper.checkoutIdempotency(tx.old(e, Role.IDEMPOTENCY).orElseThrow()));
            }
            if (tx.failed(e, Role.WALLET)) {
                return new PurchaseWrite.WalletChanged(tx.old(e, Role.WALLET).map(ItemMapper::wallet));
            }
            Optional<Entitlement> changed = tx.failedOld(e, Role.ENTITLEMENT).stream()
                    .map(EntitlementItems::fromOld).flatMap(Optional::stream).findFirst();
            if (changed.isPresent()) {
                return new PurchaseWrite.EntitlementChanged(changed.get());
            }
            if (TxItems.conflicted(e) || tx.anyFailed(e, Role.ENTITLEMENT)) {
                return new PurchaseWrite.Contention();
            }
            throw unexpected(e);
        }
    }

    @Override
    public LedgerWrite appendEntry(WalletChange change) {
        TxItems tx = WalletWrites.walletAndEntries(table, WalletItemWrite.at(table, change.before()), change);
        try {
            tx.commit(dynamo);
            return new LedgerWrite.Committed();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.WALLET)) {
                return new LedgerWrite.WalletChanged(tx.old(e, Role.WALLET).map(ItemMapper::wallet));
            }
            if (TxItems.conflicted(e)) {
                return new LedgerWrite.Contention();
            }
            throw unexpected(e);
        }
    }

    @Override
    public LimitsWrite setLimits(String ownerId, SpendLimits limits, Optional<String> guardianId) {
        WalletItemWrite write = WalletItemWrite.bump(table, ownerId)
                .set(WalletAttrs.LIMITS_BY, s(limits.guardianManaged() ? WalletAttrs.BY_GUARDIAN : WalletAttrs.BY_OWNER));
        limit(write, limits.perPurchase(), WalletAttrs.LIMIT_PER_PURCHASE);
        limit(write, limits.daily(), WalletAttrs.LIMIT_DAILY);
        limit(write, limits.monthly(), WalletAttrs.LIMIT_MONTHLY);
        // who may set limits is answered by these guards in the one request, no read needed
        if (guardianId.isPresent()) {
            // Fails on a missing wallet too, so a guardian can neither create nor probe wallets.
            write.guard(WalletAttrs.GUARDIAN_ID + " = :guardianId", Map.of(":guardianId", s(guardianId.get())));
        } else {
            write.guard("attribute_not_exists(" + WalletAttrs.LIMITS_BY + ") OR " + WalletAttrs.LIMITS_BY + " <> :guardian",
                    Map.of(":guardian", s(WalletAttrs.BY_GUARDIAN)));
        }
        if (updateWallet(write)) {
            return new LimitsWrite.Updated();
        }
        return guardianId.isPresent() ? new LimitsWrite.NotGuardian() : new LimitsWrite.ManagedByGuardian();
    }

    /** One conditional update of the wallet item (created empty if missing); false when the condition failed. */
    private boolean updateWallet(WalletItemWrite write) {
        try {
            DynamoErrors.call(() -> dynamo.updateItem(write.request()));
            return true;
        } catch (ConditionalCheckFailedException conditionFailed) {
            return false;
        }
    }

    private static void limit(WalletItemWrite write, Optional<Credits> limit, String attribute) {
        if (limit.isPresent()) {
            write.set(attribute, n(limit.get().amount()));
        } else {
            write.remove(attribute);
        }
    }

    @Override
    public AutoTopUpWrite setAutoTopUp(String ownerId, boolean enabled, String packId, Money monthlyCap) {
        WalletItemWrite write = WalletItemWrite.bump(table, ownerId).set(WalletAttrs.AUTO_ENABLED, Attr.bool(enabled))
                .set(WalletAttrs.AUTO_PACK, s(packId)).set(WalletAttrs.AUTO_CAP, n(monthlyCap.amountMinor()))
                .set(WalletAttrs.AUTO_CAP_CURRENCY, s(monthlyCap.currency()));
        if (enabled) {
            // no saved card is answered by this guard in the one request, no read needed
            write.set(WalletAttrs.AUTO_FAILURES, n(0)).remove(WalletAttrs.AUTO_DISABLED_REASON)
                    .guard("attribute_exists(" + WalletAttrs.CUSTOMER + ") AND attribute_exists(" + WalletAttrs.PAYMENT_METHOD + ")",
                            Map.of());
        }
        return updateWallet(write) ? new AutoTopUpWrite.Updated() : new AutoTopUpWrite.NoSavedCard();
    }

    @Override
    public List<String> walletsExpiringOn(LocalDate day) {
        List<String> owners = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk").filterExpression("attribute_not_exists(sweptAt)")
                    .projectionExpression("#owner").expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":pk", s(WalletTable.EXPIRY_PREFIX + day)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = DynamoErrors.call(() -> dynamo.query(query.build()));
            response.items().forEach(item -> owners.add(Attr.str(item, "owner")));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return owners;
    }

    @Override
    public void markExpirySwept(LocalDate day, String ownerId) {
        try {
            DynamoErrors.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Attr.key(WalletTable.EXPIRY_PREFIX + day, WalletTable.walletPk(ownerId)))
                    .updateExpression("SET sweptAt = :now").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":now", s(clock.instant().toString())))));
        } catch (ConditionalCheckFailedException gone) {
            // its TTL removed it already: nothing left to mark
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
        // an item may hold several entries (a purchase and its rewards): newest first, before the cursor, at most limit
        List<LedgerEntry> entries = new ArrayList<>(response.count());
        boolean truncated = false;
        for (Map<String, AttributeValue> item : response.items()) {
            List<LedgerEntry> held = ItemMapper.ledgerEntries(item);
            for (int i = held.size() - 1; i >= 0; i--) {
                LedgerEntry entry = held.get(i);
                if (beforeSequence.isPresent() && entry.sequence() >= beforeSequence.get()) {
                    continue;
                }
                if (entries.size() == limit) {
                    truncated = true;
                    break;
                }
                entries.add(entry);
            }
        }
        boolean more = (truncated || response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty())
                && !entries.isEmpty() && entries.get(entries.size() - 1).sequence() > 1;
        return new LedgerPage(entries, more ? Optional.of(entries.get(entries.size() - 1).sequence()) : Optional.empty());
    }

    private Optional<Map<String, AttributeValue>> getItem(String pk, String sk) {
        return DynamoErrors.getItem(dynamo, table, pk, sk);
    }

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(COND_NEW).build())
                .build();
    }

    private static IllegalStateException unexpected(TransactionCanceledException e) {
        return new IllegalStateException("transaction cancelled for an unexpected reason: " + e.cancellationReasons(), e);
    }
}

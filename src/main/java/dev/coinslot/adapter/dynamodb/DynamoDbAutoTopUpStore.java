package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.application.port.AutoTopUpStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** {@link AutoTopUpStore} on the wallet table: each write is one TransactWriteItems over the top-up and the wallet. */
@ApplicationScoped
public class DynamoDbAutoTopUpStore implements AutoTopUpStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAutoTopUpStore(DynamoDbClient dynamo, CoinslotConfig config) {
        this.dynamo = dynamo;
        this.table = config.tableName();
    }

    @Override
    public Reservation reserve(Wallet expected, TopUp topUp, YearMonth month) {
        AutoTopUp auto = expected.autoTopUp().orElseThrow(() -> new IllegalArgumentException("no auto top-up to reserve"));
        Map<String, AttributeValue> topUpItem = TopUpItems.newItem(topUp);
        topUpItem.put("origin", s("AUTO"));

        Counters counters = Counters.of(expected, auto);
        Map<String, AttributeValue> values = new HashMap<>(counters.values());
        values.put(":true", Attr.bool(true));
        values.put(":month", s(month.toString()));
        values.put(":charged", n(auto.chargedIn(month) + topUp.amount().amountMinor()));
        Update wallet = walletUpdate(expected, "SET " + WalletAttrs.AUTO_MONTH + " = :month, " + WalletAttrs.AUTO_CHARGED + " = :charged",
                WalletAttrs.AUTO_ENABLED + " = :true AND " + counters.condition(), values);
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(topUpItem)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(TopUpItems.paymentLookup(topUp.paymentIntentId(), topUp.ownerId(), topUp.id())).build()).build(),
                TransactWriteItem.builder().update(wallet).build());
        return switch (transact(items)) {
            case Committed c -> new Reservation.Reserved();
            case Failed f when f.failed(0) -> new Reservation.AlreadyReserved();
            case Failed f -> new Reservation.WalletChanged();
        };
    }

    @Override
    public DeclineWrite recordDecline(Wallet expected, TopUp topUp, String declineCode, int maxConsecutiveFailures) {
        Optional<AutoTopUp> setting = expected.autoTopUp();
        // the amount was reserved in this month's counter: give it back (and say so on the top-up, so that a success
        // of the same payment later counts it again)
        boolean release = setting.isPresent()
                && setting.get().chargedMonth().equals(YearMonth.from(topUp.createdAt().atZone(ZoneOffset.UTC)));
        Map<String, AttributeValue> topUpValues = new HashMap<>(Map.of(":failed", s(TopUpStatus.FAILED.name()),
                ":pending", s(TopUpStatus.PENDING.name()), ":code", s(declineCode), ":true", Attr.bool(true)));
        if (release) {
            topUpValues.put(":released", n(topUp.amount().amountMinor()));
        }
        Update topUpUpdate = Update.builder().tableName(table)
                .key(TopUpItems.topUpKey(topUp.ownerId(), topUp.id()))
                .updateExpression("SET #status = :failed, declineCode = :code, declineCounted = :true"
                        + (release ? ", " + TopUpItems.CAP_RELEASED + " = :released" : ""))
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(declineCounted) AND #status IN (:pending, :failed)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(topUpValues)
                .build();
        List<TransactWriteItem> items = new java.util.ArrayList<>(List.of(TransactWriteItem.builder().update(topUpUpdate).build()));
        boolean switchOff = false;
        if (setting.isPresent()) {
            AutoTopUp auto = setting.get();
            int failures = auto.consecutiveFailures() + 1;
            switchOff = auto.enabled() && failures >= maxConsecutiveFailures;
            Counters counters = Counters.of(expected, auto);
            Map<String, AttributeValue> values = new HashMap<>(counters.values());
            values.put(":failures", n(failures));
            String update = "SET " + WalletAttrs.AUTO_FAILURES + " = :failures";
            if (release) {
                values.put(":released", n(Math.max(0, auto.chargedMinor() - topUp.amount().amountMinor())));
                update += ", " + WalletAttrs.AUTO_CHARGED + " = :released";
            }
            if (switchOff) {
                values.put(":off", Attr.bool(false));
                values.put(":reason", s(failures + " consecutive declined charges"));
                update += ", " + WalletAttrs.AUTO_ENABLED + " = :off, " + WalletAttrs.AUTO_DISABLED_REASON + " = :reason";
            }
            items.add(TransactWriteItem.builder().update(walletUpdate(expected, update, counters.condition(), values)).build());
        }
        boolean switchedOff = switchOff;
        return switch (transact(items)) {
            case Committed c -> new DeclineWrite.Counted(switchedOff);
            case Failed f when f.failed(0) -> new DeclineWrite.AlreadyCounted();
            case Failed f -> new DeclineWrite.WalletChanged();
        };
    }

    private Update walletUpdate(Wallet expected, String update, String condition, Map<String, AttributeValue> values) {
        return Update.builder().tableName(table)
                .key(Attr.key(WalletTable.walletPk(expected.ownerId()), WalletTable.WALLET_SK))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build();
    }

    /** Condition pinning the auto top-up counters to the values the caller read. */
    private record Counters(String condition, Map<String, AttributeValue> values) {
        static Counters of(Wallet wallet, AutoTopUp auto) {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":oldMonth", s(auto.chargedMonth().toString()));
            values.put(":oldCharged", n(auto.chargedMinor()));
            values.put(":oldFailures", n(auto.consecutiveFailures()));
            String month = "(attribute_not_exists(" + WalletAttrs.AUTO_MONTH + ") OR " + WalletAttrs.AUTO_MONTH + " = :oldMonth)";
            String charged = "(attribute_not_exists(" + WalletAttrs.AUTO_CHARGED + ") OR " + WalletAttrs.AUTO_CHARGED + " = :oldCharged)";
            String failures = "(attribute_not_exists(" + WalletAttrs.AUTO_FAILURES + ") OR " + WalletAttrs.AUTO_FAILURES + " = :oldFailures)";
            return new Counters(month + " AND " + charged + " AND " + failures, values);
        }
    }

    private sealed interface TransactResult {
    }

    private record Committed() implements TransactResult {
    }

    private record Failed(List<CancellationReason> reasons) implements TransactResult {
        boolean failed(int index) {
            return WalletWrites.failed(reasons, index);
        }
    }

    private TransactResult transact(List<TransactWriteItem> items) {
        try {
            DynamoErrors.call(() -> dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build()));
            return new Committed();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (WalletWrites.failed(reasons, 0) || WalletWrites.failed(reasons, items.size() - 1)
                    || WalletWrites.conflicted(reasons)) {
                return new Failed(reasons);
            }
            throw new IllegalStateException("auto top-up transaction cancelled: " + reasons, e);
        }
    }
}

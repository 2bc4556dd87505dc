package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
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
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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

        // version = :v pins the setting (enabled) and the counters the service checked the cap against
        TxItems tx = new TxItems()
                .add(Role.TOPUP, TransactWriteItem.builder().put(Put.builder().tableName(table).item(topUpItem)
                        .conditionExpression("attribute_not_exists(pk)").build()).build())
                .add(Role.PAYMENT, TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(TopUpItems.paymentLookup(topUp.paymentIntentId(), topUp.ownerId(), topUp.id())).build()).build())
                .add(Role.WALLET, WalletItemWrite.at(table, expected).set(WalletAttrs.AUTO_MONTH, s(month.toString()))
                        .set(WalletAttrs.AUTO_CHARGED, n(auto.chargedIn(month) + topUp.amount().amountMinor())).item());
        return switch (transact(tx)) {
            case Committed c -> new Reservation.Reserved();
            case Failed f when f.failed(Role.TOPUP) -> new Reservation.AlreadyReserved();
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
        TxItems tx = new TxItems().add(Role.TOPUP, TransactWriteItem.builder().update(topUpUpdate).build());
        boolean switchOff = false;
        if (setting.isPresent()) {
            AutoTopUp auto = setting.get();
            int failures = auto.consecutiveFailures() + 1;
            switchOff = auto.enabled() && failures >= maxConsecutiveFailures;
            // version = :v pins the counters this decision is computed from
            WalletItemWrite wallet = WalletItemWrite.at(table, expected).set(WalletAttrs.AUTO_FAILURES, n(failures));
            if (release) {
                wallet.set(WalletAttrs.AUTO_CHARGED, n(Math.max(0, auto.chargedMinor() - topUp.amount().amountMinor())));
            }
            if (switchOff) {
                wallet.set(WalletAttrs.AUTO_ENABLED, Attr.bool(false))
                        .set(WalletAttrs.AUTO_DISABLED_REASON, s(failures + " consecutive declined charges"));
            }
            tx.add(Role.WALLET, wallet.item());
        }
        boolean switchedOff = switchOff;
        return switch (transact(tx)) {
            case Committed c -> new DeclineWrite.Counted(switchedOff);
            case Failed f when f.failed(Role.TOPUP) -> new DeclineWrite.AlreadyCounted();
            case Failed f -> new DeclineWrite.WalletChanged();
        };
    }

    private sealed interface TransactResult {
    }

    private record Committed() implements TransactResult {
    }

    private record Failed(TxItems tx, TransactionCanceledException e) implements TransactResult {
        boolean failed(Role role) {
            return tx.failed(e, role);
        }
    }

    private TransactResult transact(TxItems tx) {
        try {
            tx.commit(dynamo);
            return new Committed();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.TOPUP) || tx.failed(e, Role.WALLET) || TxItems.conflicted(e)) {
                return new Failed(tx, e);
            }
            throw new IllegalStateException("auto top-up transaction cancelled: " + e.cancellationReasons(), e);
        }
    }
}

package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Transaction items shared by every balance change: the versioned wallet update, the ledger entry, the event marker. */
final class WalletWrites {

    /** Processed-event markers outlive Stripe's 3-day retry window by far. */
    static final Duration EVENT_MARKER_TTL = Duration.ofDays(40);

    private WalletWrites() {
    }

    /**
     * Moves the wallet from {@code expected} to {@code entry.balanceAfter()} / {@code entry.sequence()}, only if it is
     * still at {@code expected.version()} (creating it at version 0). No balance floor: callers that need one add it.
     * {@code extraSet}/{@code extraCondition}/{@code extraNames}/{@code extraValues} extend the expression.
     */
    static Update.Builder applyEntry(String table, Wallet expected, LedgerEntry entry, String extraUpdate, String extraCondition,
            Map<String, String> extraNames, Map<String, AttributeValue> extraValues) {
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#owner", "owner", "#type", "type"));
        names.putAll(extraNames);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":after", n(entry.balanceAfter().amount()),
                ":next", n(entry.sequence()),
                ":active", s("ACTIVE"),
                ":owner", s(expected.ownerId()),
                ":type", s("WALLET"),
                ":v", n(expected.version())));
        values.putAll(extraValues);
        String condition = expected.version() == 0 ? "(attribute_not_exists(pk) OR version = :v)" : "version = :v";
        if (!extraCondition.isEmpty()) {
            condition = condition + " AND " + extraCondition;
        }
        boolean setsStatus = extraUpdate.contains("#status");
        String update = "SET balance = :after, version = :next, "
                + (setsStatus ? "" : "#status = if_not_exists(#status, :active), ")
                + "#owner = :owner, #type = :type" + extraUpdate;
        if (setsStatus) {
            values.remove(":active");
        }
        return Update.builder()
                .tableName(table)
                .key(Attr.key(WalletTable.walletPk(expected.ownerId()), WalletTable.WALLET_SK))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
    }

    static TransactWriteItem ledgerPut(String table, LedgerEntry entry) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(ItemMapper.ledgerItem(entry))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    static Map<String, AttributeValue> eventMarker(String eventId, String eventType, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.EVENT_PREFIX + eventId, WalletTable.EVENT_SK));
        item.put("type", s("EVENT"));
        item.put("eventType", s(eventType));
        item.put("processedAt", s(now.toString()));
        item.put(WalletTable.TTL, n(now.plus(EVENT_MARKER_TTL).getEpochSecond()));
        return item;
    }

    static TransactWriteItem eventMarkerPut(String table, String eventId, String eventType, Instant now) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(eventMarker(eventId, eventType, now)).build())
                .build();
    }

    static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    static boolean conflicted(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }
}

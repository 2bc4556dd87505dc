package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.WalletChange;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Transaction items shared by balance changes besides the wallet update ({@link WalletItemWrite}): the ledger entries, the event marker. */
final class WalletWrites {

    /** Processed-event markers outlive Stripe's 3-day retry window by far. */
    static final Duration EVENT_MARKER_TTL = Duration.ofDays(40);

    private WalletWrites() {
    }

    static TransactWriteItem ledgerPut(String table, LedgerEntry entry) {
        return newItemPut(table, ItemMapper.ledgerItem(entry));
    }

    static TransactWriteItem newItemPut(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /**
     * The wallet update and the ledger entry items of {@code change}: the expiry entry ({@link Role#EXPIRY}) if any,
     * then the change's own entry ({@link Role#LEDGER}).
     */
    static TxItems walletAndEntries(String table, WalletItemWrite wallet, WalletChange change) {
        TxItems tx = new TxItems().add(Role.WALLET, wallet.change(change).item());
        change.expiry().ifPresent(expiry -> tx.add(Role.EXPIRY, ledgerPut(table, expiry)));
        return tx.add(Role.LEDGER, ledgerPut(table, change.entry()));
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
}

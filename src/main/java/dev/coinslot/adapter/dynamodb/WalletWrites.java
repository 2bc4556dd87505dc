package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.WalletChange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Expiry-schedule items outlive their day by this much (the sweep looks back one day). */
    static final Duration SCHEDULE_TTL = Duration.ofDays(8);

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
        tx.add(Role.LEDGER, ledgerPut(table, change.entry()));
        newExpiryDays(change).forEach(day -> tx.add(Role.SCHEDULE, schedulePut(table, day, change.after().ownerId())));
        return tx;
    }

    /** The UTC days on which the wallet now holds expiring credits and did not before (a new promotional lot's day). */
    static Set<LocalDate> newExpiryDays(WalletChange change) {
        Set<LocalDate> days = expiryDays(change.after().lots());
        days.removeAll(expiryDays(change.before().lots()));
        return days;
    }

    static Set<LocalDate> expiryDays(Lots lots) {
        Set<LocalDate> days = new TreeSet<>();
        lots.lots().forEach(lot -> lot.expiresAt().ifPresent(at -> days.add(LocalDate.ofInstant(at, ZoneOffset.UTC))));
        return days;
    }

    /** The expiry-schedule item: the sweep of {@code day} visits this wallet (a plain put: writing it twice is harmless). */
    static TransactWriteItem schedulePut(String table, LocalDate day, String ownerId) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.EXPIRY_PREFIX + day, WalletTable.walletPk(ownerId)));
        item.put("type", s("EXPIRY_SCHEDULE"));
        item.put("owner", s(ownerId));
        item.put(WalletTable.TTL, n(day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(SCHEDULE_TTL).getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
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

package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one way to write the wallet item ({@code WALLET#{owner}} / {@code WALLET}): every write bumps {@code version},
 * keeps the identity fields, and creates an empty ACTIVE wallet if there is none. {@link #at} pins the wallet the
 * caller read ({@code version = :v}) so the domain decides on it; {@link #bump} is for writes that decide on their own
 * guard without a read. {@code ledgerSeq} counts ledger entries; an item written before it existed lacks it and has
 * {@code version} = entry count, which is what {@link ItemMapper#wallet} reads then and what {@link #bump} keeps.
 */
final class WalletItemWrite {

    private final String table;
    private final String ownerId;
    private final List<String> set = new ArrayList<>();
    private final List<String> remove = new ArrayList<>();
    private final List<String> addOrDelete = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#owner", "owner", "#type", "type"));
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String status = "#status = if_not_exists(#status, :active)";
    private String balance = "balance = if_not_exists(balance, :zero)";
    private String ledgerSeq;
    private final String version;

    private WalletItemWrite(String table, String ownerId, String version, String ledgerSeq) {
        this.table = table;
        this.ownerId = ownerId;
        this.version = version;
        this.ledgerSeq = ledgerSeq;
        values.putAll(Map.of(":owner", s(ownerId), ":walletType", s("WALLET"), ":zero", n(0), ":active", s("ACTIVE")));
    }

    /** Applies only while the stored wallet is {@code expected} ({@code version = :v}; "no item yet" for version 0). */
    static WalletItemWrite at(String table, Wallet expected) {
        WalletItemWrite write = new WalletItemWrite(table, expected.ownerId(), "version = :vNext", "ledgerSeq = :seq");
        write.values.putAll(Map.of(":v", n(expected.version()), ":vNext", n(expected.version() + 1),
                ":seq", n(expected.ledgerSequence())));
        write.conditions.add(expected.version() == 0 ? "(attribute_not_exists(pk) OR version = :v)" : "version = :v");
        return write;
    }

    /** Applies to whatever wallet is stored (or a new empty one), bumping its version by one. */
    static WalletItemWrite bump(String table, String ownerId) {
        WalletItemWrite write = new WalletItemWrite(table, ownerId, "version = if_not_exists(version, :zero) + :one",
                "ledgerSeq = if_not_exists(ledgerSeq, if_not_exists(version, :zero))");
        write.values.put(":one", n(1));
        return write;
    }

    /**
     * The balance, lots and ledger sequence of {@code change.after()} (whose entry items the caller puts in the same
     * transaction). The balance and the lots are only ever written together, here.
     */
    WalletItemWrite change(WalletChange change) {
        balance = "balance = :after";
        ledgerSeq = "ledgerSeq = :seq";
        values.putAll(Map.of(":after", n(change.after().balance().amount()), ":seq", n(change.after().ledgerSequence())));
        return set(WalletAttrs.LOTS, s(LotsCodec.encode(change.after().lots())));
    }

    WalletItemWrite status(WalletStatus newStatus) {
        status = "#status = :newStatus";
        values.put(":newStatus", s(newStatus.name()));
        return this;
    }

    WalletItemWrite set(String attribute, AttributeValue value) {
        set.add(name(attribute) + " = " + value(value));
        return this;
    }

    /** Sets each of {@code attributes} (name to value). */
    WalletItemWrite set(Map<String, AttributeValue> attributes) {
        new java.util.TreeMap<>(attributes).forEach(this::set);
        return this;
    }

    WalletItemWrite remove(String attribute) {
        remove.add(name(attribute));
        return this;
    }

    /** {@code ADD} (for a string set: adds the members) or, with {@code delete}, {@code DELETE} the members. */
    WalletItemWrite addMembers(String attribute, AttributeValue members, boolean delete) {
        addOrDelete.add((delete ? "DELETE " : "ADD ") + name(attribute) + " " + value(members));
        return this;
    }

    /** An extra condition beyond the version; {@code placeholders} are its {@code :values}. */
    WalletItemWrite guard(String condition, Map<String, AttributeValue> placeholders) {
        conditions.add("(" + condition + ")");
        values.putAll(placeholders);
        return this;
    }

    Update update() {
        String expression = expression();
        String condition = conditions.isEmpty() ? null : String.join(" AND ", conditions);
        return Update.builder().tableName(table).key(key()).updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(used(expression + " " + condition))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
    }

    TransactWriteItem item() {
        return TransactWriteItem.builder().update(update()).build();
    }

    UpdateItemRequest request() {
        Update update = update();
        return UpdateItemRequest.builder().tableName(table).key(update.key()).updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression()).expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
    }

    /** The values less the defaults no clause used (DynamoDB refuses unused ones: {@code :zero} once an entry sets the balance). */
    private Map<String, AttributeValue> used(String expressions) {
        Map<String, AttributeValue> used = new HashMap<>(values);
        used.keySet().removeIf(placeholder -> (placeholder.equals(":zero") || placeholder.equals(":active"))
                && !expressions.contains(placeholder));
        return used;
    }

    private Map<String, AttributeValue> key() {
        return Attr.key(WalletTable.walletPk(ownerId), WalletTable.WALLET_SK);
    }

    private String expression() {
        List<String> all = new ArrayList<>(List.of(version, ledgerSeq, balance, status, "#owner = :owner", "#type = :walletType"));
        all.addAll(set);
        return "SET " + String.join(", ", all) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove))
                + (addOrDelete.isEmpty() ? "" : " " + String.join(" ", addOrDelete));
    }

    private String name(String attribute) {
        String placeholder = "#a" + names.size();
        names.put(placeholder, attribute);
        return placeholder;
    }

    private String value(AttributeValue value) {
        String placeholder = ":a" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }
}

package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.num;
import static dev.coinslot.adapter.dynamodb.Attr.optNum;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import dev.coinslot.domain.ownership.EntitlementType;
import dev.coinslot.domain.ownership.Granted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Entitlement items ({@code WALLET#{owner}} / {@code ENT#{sku}}): their mapping, and each {@link EntitlementChange} as
 * one conditional update for a transaction. Every write bumps {@code ver}; a pass's end is {@code activeUntil} in epoch
 * milliseconds, so conditions compare numbers.
 */
final class EntitlementItems {

    static final String PREFIX = "ENT#";

    private EntitlementItems() {
    }

    static Map<String, AttributeValue> key(String ownerId, String sku) {
        return Attr.key(WalletTable.walletPk(ownerId), PREFIX + sku);
    }

    static Entitlement entitlement(Map<String, AttributeValue> item) {
        return new Entitlement(str(item, "owner"), str(item, "sku"), EntitlementType.valueOf(str(item, "entType")),
                num(item, "quantity"), optNum(item, "activeUntil").map(Instant::ofEpochMilli),
                Instant.parse(str(item, "acquiredAt")), str(item, "purchaseId"), num(item, "ver"));
    }

    /** The change as an update of its item, stamped with the purchase (or refund) that causes it. */
    static TransactWriteItem write(String table, String ownerId, EntitlementChange change, String purchaseId, Instant at) {
        Map<String, String> names = new HashMap<>(Map.of("#t", "type", "#owner", "owner", "#q", "quantity"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":item", s("ENTITLEMENT"), ":owner", s(ownerId),
                ":sku", s(change.sku()), ":one", n(1)));
        List<String> set = new ArrayList<>(List.of("#t = :item", "#owner = :owner", "sku = :sku"));
        String add = "";
        String remove = "";
        String condition = null;
        switch (change) {
            case EntitlementChange.Add a -> {
                set.addAll(List.of("entType = :et", "acquiredAt = :at", "purchaseId = :pid", "ver = if_not_exists(ver, :zero) + :one"));
                values.putAll(Map.of(":et", s(EntitlementType.CONSUMABLE.name()), ":at", s(at.toString()), ":pid", s(purchaseId),
                        ":zero", n(0), ":q", n(a.quantity())));
                add = " ADD #q :q";
            }
            case EntitlementChange.Own o -> {
                set.addAll(List.of("entType = :et", "acquiredAt = :at", "purchaseId = :pid", "ver = if_not_exists(ver, :zero) + :one",
                        "#q = :one"));
                values.putAll(Map.of(":et", s(EntitlementType.PERMANENT.name()), ":at", s(at.toString()), ":pid", s(purchaseId),
                        ":zero", n(0)));
                remove = " REMOVE activeUntil";
                condition = "attribute_not_exists(pk) OR #q < :one";
            }
            case EntitlementChange.ExtendPass p -> {
                set.addAll(List.of("entType = :et", "acquiredAt = :at", "purchaseId = :pid", "ver = if_not_exists(ver, :zero) + :one",
                        "#q = :one", "activeUntil = :end"));
                values.putAll(Map.of(":et", s(EntitlementType.PASS.name()), ":at", s(at.toString()), ":pid", s(purchaseId),
                        ":zero", n(0), ":end", n(p.newEnd().toEpochMilli())));
                if (p.expectedEnd().isPresent()) {
                    condition = "activeUntil = :expected";
                    values.put(":expected", n(p.expectedEnd().get().toEpochMilli()));
                } else {
                    condition = "attribute_not_exists(pk) OR attribute_not_exists(activeUntil) OR activeUntil <= :now";
                    values.put(":now", n(p.now().toEpochMilli()));
                }
            }
            case EntitlementChange.Replace r -> {
                Entitlement e = r.after();
                set.addAll(List.of("entType = :et", "acquiredAt = :at", "purchaseId = :pid", "ver = :v", "#q = :q"));
                values.putAll(Map.of(":et", s(e.type().name()), ":at", s(e.acquiredAt().toString()), ":pid", s(e.purchaseId()),
                        ":v", n(e.version()), ":prev", n(e.version() - 1), ":q", n(e.quantity())));
                if (e.activeUntil().isPresent()) {
                    set.add("activeUntil = :end");
                    values.put(":end", n(e.activeUntil().get().toEpochMilli()));
                } else {
                    remove = " REMOVE activeUntil";
                }
                condition = "ver = :prev";
            }
        }
        values.remove(":one");
        String expression = "SET " + String.join(", ", set) + remove + add;
        if (expression.contains(":one") || (condition != null && condition.contains(":one"))) {
            values.put(":one", n(1));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(ownerId, change.sku()))
                .updateExpression(expression).conditionExpression(condition).expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    /** What a purchase granted, as a list attribute of its purchase item. */
    static AttributeValue grants(List<Granted> grants) {
        List<AttributeValue> list = new ArrayList<>();
        for (Granted g : grants) {
            Map<String, AttributeValue> m = new HashMap<>(Map.of("sku", s(g.sku()), "entType", s(g.type().name()),
                    "quantity", n(g.quantity())));
            g.passTime().ifPresent(d -> m.put("passMillis", n(d.toMillis())));
            g.activeUntil().ifPresent(t -> m.put("activeUntil", n(t.toEpochMilli())));
            list.add(AttributeValue.builder().m(m).build());
        }
        return AttributeValue.builder().l(list).build();
    }

    static List<Granted> grants(Map<String, AttributeValue> item) {
        AttributeValue v = item.get("grants");
        if (v == null || !v.hasL()) {
            return List.of();
        }
        List<Granted> grants = new ArrayList<>();
        for (AttributeValue g : v.l()) {
            Map<String, AttributeValue> m = g.m();
            grants.add(new Granted(str(m, "sku"), EntitlementType.valueOf(str(m, "entType")), num(m, "quantity"),
                    optNum(m, "passMillis").map(Duration::ofMillis), optNum(m, "activeUntil").map(Instant::ofEpochMilli)));
        }
        return grants;
    }

    static Optional<Entitlement> fromOld(Map<String, AttributeValue> old) {
        return old.containsKey("entType") ? Optional.of(entitlement(old)) : Optional.empty();
    }
}

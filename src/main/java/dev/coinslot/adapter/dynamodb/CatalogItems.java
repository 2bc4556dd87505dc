package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.ownership.Grant;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.ChanceOutcome;
import dev.coinslot.domain.store.Offer;
import dev.coinslot.domain.store.Rotation;
import dev.coinslot.domain.store.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps the catalog document and its audit records to items and back: the document as one map attribute
 * ({@code document}) on {@code CATALOG#{catalogId}} / {@code DOCUMENT}, each change on {@code CHANGE#{version:019}}.
 */
final class CatalogItems {

    static final String DOCUMENT_SK = "DOCUMENT";
    static final String CHANGE_PREFIX = "CHANGE#";

    private CatalogItems() {
    }

    static String pk(String catalogId) {
        return "CATALOG#" + catalogId;
    }

    static String changeSk(long version) {
        return CHANGE_PREFIX + String.format("%019d", version);
    }

    static Map<String, AttributeValue> documentItem(String catalogId, CatalogDocument document) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(pk(catalogId), DOCUMENT_SK));
        item.put("type", s("CATALOG"));
        item.put("version", n(document.version()));
        item.put("document", map(document));
        return item;
    }

    static Map<String, AttributeValue> changeItem(String catalogId, CatalogChange change) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(pk(catalogId), changeSk(change.version())));
        item.put("type", s("CATALOG_CHANGE"));
        item.put("version", n(change.version()));
        item.put("operator", s(change.operator()));
        item.put("at", s(change.at().toString()));
        item.put("action", s(change.action().name()));
        change.skuId().ifPresent(sku -> item.put("sku", s(sku)));
        change.before().ifPresent(before -> item.put("before", map(before)));
        item.put("after", map(change.after()));
        return item;
    }

    static CatalogDocument document(Map<String, AttributeValue> item) {
        return document(Attr.num(item, "version"), item.get("document").m());
    }

    static CatalogChange change(Map<String, AttributeValue> item) {
        long version = Attr.num(item, "version");
        return new CatalogChange(version, Attr.str(item, "operator"), Instant.parse(Attr.str(item, "at")),
                CatalogChange.Action.valueOf(Attr.str(item, "action")), Attr.optStr(item, "sku"),
                Optional.ofNullable(item.get("before")).map(b -> document(version - 1, b.m())), document(version, item.get("after").m()));
    }

    private static AttributeValue map(CatalogDocument document) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("skus", list(document.catalog().skus().stream().map(CatalogItems::sku).toList()));
        m.put("offers", list(document.offers().stream().map(CatalogItems::offer).toList()));
        document.rotation().ifPresent(r -> m.put("rotation", AttributeValue.fromM(Map.of("pool", strings(r.pool()),
                "slots", n(r.slots()), "periodSeconds", n(r.period().toSeconds())))));
        return AttributeValue.fromM(m);
    }

    private static CatalogDocument document(long version, Map<String, AttributeValue> m) {
        List<Sku> skus = m.get("skus").l().stream().map(v -> sku(v.m())).toList();
        List<Offer> offers = m.get("offers").l().stream().map(v -> offer(v.m())).toList();
        Optional<Rotation> rotation = Optional.ofNullable(m.get("rotation")).map(AttributeValue::m).map(r -> new Rotation(
                r.get("pool").l().stream().map(AttributeValue::s).toList(), (int) Attr.num(r, "slots"),
                Duration.ofSeconds(Attr.num(r, "periodSeconds"))));
        return CatalogDocument.of(version, skus, offers, rotation);
    }

    private static AttributeValue sku(Sku sku) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("id", s(sku.id()));
        m.put("name", s(sku.displayName()));
        m.put("kind", s(sku.kind().name()));
        m.put("price", n(sku.price().amount()));
        m.put("retired", Attr.bool(sku.retired()));
        sku.grant().ifPresent(g -> m.put("grants", s(g.spelling())));
        m.put("segments", segments(sku.segments()));
        m.put("items", list(sku.contents().stream().map(i -> AttributeValue.fromM(Map.of("sku", s(i.skuId()),
                "quantity", n(i.quantity())))).toList()));
        m.put("outcomes", list(sku.outcomes().stream().map(o -> AttributeValue.fromM(Map.of("sku", s(o.skuId()),
                "weight", n(o.weight())))).toList()));
        return AttributeValue.fromM(m);
    }

    private static Sku sku(Map<String, AttributeValue> m) {
        return new Sku(Attr.str(m, "id"), Attr.str(m, "name"), SkuKind.valueOf(Attr.str(m, "kind")),
                Credits.of(Attr.num(m, "price")),
                m.get("items").l().stream().map(v -> new Sku.BundleItem(Attr.str(v.m(), "sku"), (int) Attr.num(v.m(), "quantity")))
                        .toList(),
                Boolean.TRUE.equals(m.get("retired").bool()), segments(m.get("segments")),
                m.get("outcomes").l().stream().map(v -> new ChanceOutcome(Attr.str(v.m(), "sku"), (int) Attr.num(v.m(), "weight")))
                        .toList(),
                // a document written before items said what they grant: the kind's default
                Attr.optStr(m, "grants").flatMap(Grant::parse).or(() -> Sku.defaultGrant(SkuKind.valueOf(Attr.str(m, "kind")))));
    }

    private static AttributeValue offer(Offer offer) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("id", s(offer.offerId()));
        m.put("sku", s(offer.skuId()));
        m.put("price", n(offer.priceCredits().amount()));
        m.put("startsAt", s(offer.startsAt().toString()));
        m.put("endsAt", s(offer.endsAt().toString()));
        offer.perUserLimit().ifPresent(limit -> m.put("perUserLimit", n(limit)));
        m.put("segments", segments(offer.segments()));
        return AttributeValue.fromM(m);
    }

    private static Offer offer(Map<String, AttributeValue> m) {
        return new Offer(Attr.str(m, "id"), Attr.str(m, "sku"), Credits.of(Attr.num(m, "price")),
                Instant.parse(Attr.str(m, "startsAt")), Instant.parse(Attr.str(m, "endsAt")),
                Attr.optNum(m, "perUserLimit").map(Math::toIntExact), segments(m.get("segments")));
    }

    private static AttributeValue segments(Set<Segment> segments) {
        return strings(segments.stream().map(Segment::name).sorted().toList());
    }

    private static Set<Segment> segments(AttributeValue v) {
        Set<Segment> out = new LinkedHashSet<>();
        v.l().forEach(s -> out.add(Segment.valueOf(s.s())));
        return out;
    }

    private static AttributeValue strings(List<String> values) {
        return list(values.stream().map(Attr::s).toList());
    }

    private static AttributeValue list(List<AttributeValue> values) {
        return AttributeValue.fromL(new ArrayList<>(values));
    }
}

package dev.coinslot.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogDocumentTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    static Sku sku(String id, long price) {
        return new Sku(id, "Name " + id, SkuKind.STICKER, Credits.of(price), List.of());
    }

    static Sku chance(String id, List<ChanceOutcome> outcomes) {
        return new Sku(id, "Box " + id, SkuKind.CHANCE, Credits.of(99), List.of(), false, Set.of(), outcomes);
    }

    static Offer offer(String id, String sku, long price, Optional<Integer> limit, Set<Segment> segments) {
        return new Offer(id, sku, Credits.of(price), NOW.minusSeconds(3600), NOW.plusSeconds(3600), limit, segments);
    }

    @Test
    void chanceRules_weightsPositive_outcomesRealNonChanceListedSkus() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> CatalogDocument.of(1, List.of(
                sku("a", 10), sku("gone", 10).retire(),
                chance("box", List.of(new ChanceOutcome("a", 0), new ChanceOutcome("ghost", 1), new ChanceOutcome("box2", 1),
                        new ChanceOutcome("gone", 1), new ChanceOutcome("a", 2))),
                chance("box2", List.of(new ChanceOutcome("a", 1))),
                chance("empty", List.of()),
                new Sku("plain", "P", SkuKind.STICKER, Credits.of(1), List.of(), false, Set.of(), List.of(new ChanceOutcome("a", 1))),
                new Sku("pack", "P", SkuKind.BUNDLE, Credits.of(5), List.of(new Sku.BundleItem("box2", 1)))),
                List.of(), Optional.empty()));
        List<String> p = e.problems();
        assertTrue(p.contains("chance 'box': outcome 'a' weight must be between 1 and 1000000, was 0"), p.toString());
        assertTrue(p.contains("chance 'box': outcome is unknown sku 'ghost'"), p.toString());
        assertTrue(p.contains("chance 'box': outcome 'box2' is itself a chance"), p.toString());
        assertTrue(p.contains("chance 'box': outcome 'gone' is retired"), p.toString());
        assertTrue(p.contains("chance 'box': outcome 'a' listed twice"), p.toString());
        assertTrue(p.contains("chance 'empty': lists no outcomes"), p.toString());
        assertTrue(p.contains("sku 'plain': only chance skus may list outcomes"), p.toString());
        assertTrue(p.contains("bundle 'pack': contains a chance sku 'box2'"), p.toString());
        assertEquals(8, p.size(), p.toString());
    }

    @Test
    void offerAndRotationRules_areCheckedWithTheSkus() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> CatalogDocument.of(1,
                List.of(sku("a", 10)),
                List.of(offer("o1", "a", 0, Optional.empty(), Set.of()), offer("o1", "ghost", 5, Optional.of(0), Set.of()),
                        new Offer("Bad Id", "a", Credits.of(5), NOW, NOW, Optional.empty(), Set.of())),
                Optional.of(new Rotation(List.of("a", "ghost"), 3, Duration.ofMinutes(30)))));
        List<String> p = e.problems();
        assertTrue(p.contains("offer 'o1': price must be between 1 and 1000000 credits, was 0"), p.toString());
        assertTrue(p.contains("offer 'o1': defined twice"), p.toString());
        assertTrue(p.contains("offer 'o1': unknown sku 'ghost'"), p.toString());
        assertTrue(p.contains("offer 'o1': perUserLimit must be between 1 and 1000, was 0"), p.toString());
        assertTrue(p.contains("offer 'Bad Id': id must match " + dev.coinslot.domain.Catalog.ID.pattern()), p.toString());
        assertTrue(p.contains("offer 'Bad Id': startsAt must be before endsAt"), p.toString());
        assertTrue(p.contains("rotation: unknown sku 'ghost' in the pool"), p.toString());
        assertTrue(p.contains("rotation: slots must be between 1 and the pool size, was 3"), p.toString());
        assertTrue(p.contains("rotation: period must be whole hours between 1 hour and 30 days"), p.toString());
        assertEquals(9, p.size(), p.toString());
    }

    @Test
    void quote_takesTheCheapestValidOfferForTheSegment_withinTheUsersLimit() {
        CatalogDocument d = CatalogDocument.of(1, List.of(sku("hat", 99)), List.of(
                offer("starter", "hat", 9, Optional.of(1), Set.of(Segment.NEW)),
                offer("sale", "hat", 79, Optional.empty(), Set.of()),
                new Offer("later", "hat", Credits.of(1), NOW.plusSeconds(1), NOW.plusSeconds(60), Optional.empty(), Set.of())),
                Optional.empty());
        CatalogDocument.Quote fresh = d.quote("hat", Segment.NEW, StoreActivity.NONE, NOW, 1).orElseThrow();
        assertEquals(9, fresh.unitPrice().amount());
        assertEquals(99, fresh.listPrice().amount());
        assertEquals("starter", fresh.offer().orElseThrow().offerId());
        assertEquals(Optional.of(1), fresh.remainingForYou());
        // two units exceed the starter's limit of one: the next offer applies
        assertEquals("sale", d.quote("hat", Segment.NEW, StoreActivity.NONE, NOW, 2).orElseThrow().offer().orElseThrow().offerId());
        StoreActivity used = StoreActivity.NONE.purchase(Credits.of(9), LocalDate.parse("2026-12-07"), Optional.of("starter"), 1);
        assertEquals(79, d.quote("hat", Segment.NEW, used, NOW, 1).orElseThrow().unitPrice().amount());
        assertEquals(79, d.quote("hat", Segment.RETURNING, StoreActivity.NONE, NOW, 1).orElseThrow().unitPrice().amount());
        // "later" starts one second after NOW: from then on it is the cheapest
        assertEquals(1, d.quote("hat", Segment.RETURNING, StoreActivity.NONE, NOW.plusSeconds(1), 1).orElseThrow().unitPrice().amount());
    }

    @Test
    void quote_isEmptyForRetiredAndOtherSegmentsSkus() {
        Sku vip = new Sku("vip", "VIP", SkuKind.COSMETIC, Credits.of(500), List.of(), false, Set.of(Segment.HIGH_SPENDER), List.of());
        CatalogDocument d = CatalogDocument.of(1, List.of(sku("a", 1), sku("old", 1).retire(), vip), List.of(), Optional.empty());
        assertTrue(d.quote("old", Segment.NEW, StoreActivity.NONE, NOW, 1).isEmpty());
        assertTrue(d.quote("vip", Segment.RETURNING, StoreActivity.NONE, NOW, 1).isEmpty());
        assertEquals(500, d.quote("vip", Segment.HIGH_SPENDER, StoreActivity.NONE, NOW, 1).orElseThrow().unitPrice().amount());
        assertTrue(d.catalog().find("old").isPresent(), "a retired sku stays in the document");
        assertEquals(List.of("a", "vip"), d.catalog().listed().stream().map(Sku::id).toList());
    }
}

package dev.coinslot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static Sku sku(String id, long price) {
        return new Sku(id, "Name " + id, SkuKind.STICKER, Credits.of(price), List.of());
    }

    @Test
    void validCatalog_listsCheapestFirst_andFindsById() {
        Catalog catalog = Catalog.of(List.of(sku("b", 99), sku("a", 49),
                new Sku("pack", "Pack", SkuKind.BUNDLE, Credits.of(120), List.of(new Sku.BundleItem("a", 3)))));
        assertEquals(List.of("a", "b", "pack"), catalog.skus().stream().map(Sku::id).toList());
        assertEquals(99, catalog.find("b").orElseThrow().price().amount());
        assertTrue(catalog.find("zzz").isEmpty());
        assertTrue(catalog.find(null).isEmpty());
    }

    @Test
    void badCatalog_failsWithEveryProblemNamed() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> Catalog.of(List.of(
                sku("free", 0),
                sku("Bad Id", 10),
                sku("dup", 5), sku("dup", 6),
                new Sku("empty-bundle", "E", SkuKind.BUNDLE, Credits.of(5), List.of()),
                new Sku("ghost-bundle", "G", SkuKind.BUNDLE, Credits.of(5), List.of(new Sku.BundleItem("ghost", 1))),
                new Sku("blank", " ", SkuKind.ARTICLE, Credits.of(5), List.of()))));
        String message = e.getMessage();
        assertTrue(message.contains("sku 'free': price must be between 1"), message);
        assertTrue(message.contains("sku 'Bad Id': id must match"), message);
        assertTrue(message.contains("sku 'dup': defined twice"), message);
        assertTrue(message.contains("bundle 'empty-bundle': lists no items"), message);
        assertTrue(message.contains("bundle 'ghost-bundle': contains unknown sku 'ghost'"), message);
        assertTrue(message.contains("sku 'blank': display name is blank"), message);
        assertEquals(6, e.problems().size(), message);
    }

    @Test
    void emptyCatalog_isRejected() {
        assertThrows(InvalidConfigurationException.class, () -> Catalog.of(List.of()));
    }
}

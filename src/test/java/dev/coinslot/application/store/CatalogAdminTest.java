package dev.coinslot.application.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.Offer;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's changes and the per-instance catalog cache, on the in-memory catalog store. */
class CatalogAdminTest {

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private static Sku hat(long price) {
        return new Sku("hat-gold", "Golden hat", SkuKind.COSMETIC, Credits.of(price), List.of());
    }

    @Test
    void firstChange_replacesTheFileCatalog_asVersion1_auditedWithoutBefore() {
        assertEquals(0, app.catalogAdmin.current().version());
        CatalogAdmin.Outcome.Saved saved = assertInstanceOf(CatalogAdmin.Outcome.Saved.class,
                app.catalogAdmin.putSku("op", hat(79)));
        assertEquals(1, saved.document().version());
        CatalogChange change = app.catalogStore.changes(10, Optional.empty()).get(0);
        assertEquals("op", change.operator());
        assertEquals(CatalogChange.Action.PUT_SKU, change.action());
        assertTrue(change.before().isEmpty());
        assertEquals(79, change.after().catalog().find("hat-gold").orElseThrow().price().amount());
        // the rest of the file catalog came along
        assertEquals(5, saved.document().catalog().skus().size());
    }

    @Test
    void sameChangeTwice_writesOnce() {
        app.catalogAdmin.putSku("op", hat(79));
        CatalogAdmin.Outcome.Saved again = assertInstanceOf(CatalogAdmin.Outcome.Saved.class, app.catalogAdmin.putSku("op", hat(79)));
        assertEquals(false, again.changed());
        assertEquals(1, app.catalogStore.changes(10, Optional.empty()).size());
    }

    @Test
    void invalidChange_namesTheProblems_andWritesNothing() {
        CatalogAdmin.Outcome.Invalid invalid = assertInstanceOf(CatalogAdmin.Outcome.Invalid.class,
                app.catalogAdmin.retire("op", "sticker-cat"));
        assertEquals(List.of("bundle 'sticker-pack': contains retired sku 'sticker-cat'"), invalid.problems());
        assertInstanceOf(CatalogAdmin.Outcome.UnknownSku.class, app.catalogAdmin.retire("op", "ghost"));
        assertTrue(app.catalogStore.load().isEmpty());
    }

    @Test
    void anotherInstance_seesTheChange_afterItsCacheExpires() {
        CatalogSource other = new CatalogSource(app.catalogStore, app.catalog, app.clock,
                new StoreSettings(Duration.ofSeconds(60), Credits.of(2_000)));
        assertEquals(99, other.current().catalog().find("hat-gold").orElseThrow().price().amount());
        app.catalogAdmin.putSku("op", hat(79));
        app.clock.advance(Duration.ofSeconds(59));
        assertEquals(99, other.current().catalog().find("hat-gold").orElseThrow().price().amount(), "cached for 60 s");
        app.clock.advance(Duration.ofSeconds(1));
        assertEquals(79, other.current().catalog().find("hat-gold").orElseThrow().price().amount(), "read again after 60 s");
    }

    @Test
    void checkout_chargesTheOperatorsNewPrice_andRefusesTheOldOne() {
        app.grant("u", 500);
        app.catalogAdmin.putSku("op", hat(79));
        assertInstanceOf(CheckoutOutcome.PriceChanged.class,
                app.checkout.checkout(new CheckoutCommand("u", "k1", "hat-gold", 1, 99)));
        CheckoutOutcome.Purchased p = assertInstanceOf(CheckoutOutcome.Purchased.class,
                app.checkout.checkout(new CheckoutCommand("u", "k2", "hat-gold", 1, 79)));
        assertEquals(421, p.purchase().balanceAfter().amount());
    }

    @Test
    void offerCounts_areKeptWhileTheOfferIsInTheCatalog_andDroppedFromTheWalletAfterItsRemoval() {
        app.grant("u", 500);
        List<Sku> skus = app.catalog.skus();
        Offer starter = new Offer("starter", "hat-gold", Credits.of(9), InMemoryCoinslot.START.minusSeconds(60),
                InMemoryCoinslot.START.plus(Duration.ofDays(1)), Optional.of(1), java.util.Set.of());
        app.catalogAdmin.importDocument("op", skus, List.of(starter), Optional.empty());
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(new CheckoutCommand("u", "k1", "hat-gold", 1, 9)));
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(new CheckoutCommand("u", "k2", "sticker-cat", 1, 49)));
        assertEquals(java.util.Map.of("starter", 1), app.wallets.findWallet("u").orElseThrow().store().offerUses(),
                "kept while the offer is in the document, limit still spent");
        assertInstanceOf(CheckoutOutcome.PriceChanged.class, app.checkout.checkout(new CheckoutCommand("u", "k3", "hat-gold", 1, 9)));
        app.catalogAdmin.importDocument("op", skus, List.of(), Optional.empty());
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(new CheckoutCommand("u", "k4", "sticker-cat", 1, 49)));
        assertEquals(java.util.Map.of(), app.wallets.findWallet("u").orElseThrow().store().offerUses());
        assertEquals(3, app.wallets.findWallet("u").orElseThrow().store().purchases());
    }
}

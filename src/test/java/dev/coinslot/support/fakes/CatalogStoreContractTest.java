package dev.coinslot.support.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbCatalogStore;
import dev.coinslot.adapter.dynamodb.DynamoDbWalletStore;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.port.CatalogStore;
import dev.coinslot.application.port.CatalogStore.CatalogWrite;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.ChanceOutcome;
import dev.coinslot.domain.store.Offer;
import dev.coinslot.domain.store.Rotation;
import dev.coinslot.domain.store.Segment;
import dev.coinslot.support.DynamoDbLocalResource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog store, and the storefront attributes of the wallet store, against the in-memory fakes and the DynamoDB
 * adapters on DynamoDB Local: versions, conflicts, the audit trail's order and paging, the document's round trip, and
 * a purchase's offer units and segment data on the wallet.
 */
class CatalogStoreContractTest {

    static final Instant AT = InMemoryCoinslot.START;
    private static DynamoDbClient dynamo;

    record Stores(CatalogStore catalog, WalletStore wallets) {
    }

    static Stream<Named<Supplier<Stores>>> stores() {
        return Stream.of(Named.of("in memory", () -> new Stores(new InMemoryCatalogStore(),
                        new InMemoryWalletStore(new InMemoryTable(new MutableClock(AT))))),
                Named.of("DynamoDB Local", () -> {
                    DynamoDbClient client = dynamo();
                    return new Stores(new DynamoDbCatalogStore(client, TestConfig.defaults().coinslot("c-" + UUID.randomUUID())),
                            new DynamoDbWalletStore(client, TestConfig.defaults().coinslot(), new MutableClock(AT)));
                }));
    }

    private static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            new DynamoDbLocalResource().start();
            dynamo = DynamoDbLocalResource.client();
            TableInitializer.createIfMissing(dynamo, TestConfig.TABLE);
        }
        return dynamo;
    }

    static CatalogDocument document(long version, long hatPrice) {
        return CatalogDocument.of(version, List.of(
                new Sku("hat", "Hat", SkuKind.COSMETIC, Credits.of(hatPrice), List.of()),
                new Sku("cat", "Cat", SkuKind.STICKER, Credits.of(49), List.of(), false, Set.of(Segment.RETURNING), List.of()),
                new Sku("pack", "Pack", SkuKind.BUNDLE, Credits.of(120), List.of(new Sku.BundleItem("cat", 3))),
                new Sku("box", "Box", SkuKind.CHANCE, Credits.of(30), List.of(), false, Set.of(),
                        List.of(new ChanceOutcome("hat", 1), new ChanceOutcome("cat", 3))),
                new Sku("old", "Old", SkuKind.ARTICLE, Credits.of(5), List.of()).retire()),
                List.of(new Offer("starter", "hat", Credits.of(9), AT, AT.plus(Duration.ofDays(3)), Optional.of(1), Set.of(Segment.NEW)),
                        new Offer("sale", "cat", Credits.of(19), AT, AT.plus(Duration.ofDays(1)), Optional.empty(), Set.of())),
                Optional.of(new Rotation(List.of("hat", "cat"), 1, Rotation.DAILY)));
    }

    static CatalogChange change(long version, Optional<CatalogDocument> before, long hatPrice) {
        return new CatalogChange(version, "op", AT.plusSeconds(version), CatalogChange.Action.PUT_SKU, Optional.of("hat"), before,
                document(version, hatPrice));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void versions_followOneAnother_andAStaleWriteIsAConflict(Supplier<Stores> make) {
        CatalogStore store = make.get().catalog();
        assertTrue(store.load().isEmpty());
        assertInstanceOf(CatalogWrite.Saved.class, store.save(change(1, Optional.empty(), 99)));
        assertInstanceOf(CatalogWrite.VersionConflict.class, store.save(change(1, Optional.empty(), 98)));
        assertInstanceOf(CatalogWrite.VersionConflict.class, store.save(change(3, Optional.of(document(2, 97)), 96)));
        assertInstanceOf(CatalogWrite.Saved.class, store.save(change(2, Optional.of(document(1, 99)), 79)));
        CatalogDocument loaded = store.load().orElseThrow();
        assertEquals(document(2, 79).catalog().skus(), loaded.catalog().skus());
        assertEquals(document(2, 79).offers(), loaded.offers());
        assertEquals(document(2, 79).rotation(), loaded.rotation());
        assertEquals(2, loaded.version());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void changes_newestFirst_pagedByVersion_withBeforeAndAfter(Supplier<Stores> make) {
        CatalogStore store = make.get().catalog();
        store.save(change(1, Optional.empty(), 99));
        store.save(change(2, Optional.of(document(1, 99)), 89));
        store.save(change(3, Optional.of(document(2, 89)), 79));
        List<CatalogChange> page = store.changes(2, Optional.empty());
        assertEquals(List.of(3L, 2L), page.stream().map(CatalogChange::version).toList());
        assertEquals(89, page.get(0).before().orElseThrow().catalog().find("hat").orElseThrow().price().amount());
        assertEquals(79, page.get(0).after().catalog().find("hat").orElseThrow().price().amount());
        assertEquals("op", page.get(0).operator());
        assertEquals(AT.plusSeconds(3), page.get(0).at());
        assertEquals(Optional.of("hat"), page.get(0).skuId());
        List<CatalogChange> older = store.changes(2, Optional.of(2L));
        assertEquals(List.of(1L), older.stream().map(CatalogChange::version).toList());
        assertTrue(older.get(0).before().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void purchase_recordsOfferUnitsAndSpendOnTheWallet_andTheOfferAndDrawOnThePurchase(Supplier<Stores> make) {
        WalletStore wallets = make.get().wallets();
        String user = "contract-store-" + UUID.randomUUID();
        Wallet empty = Wallet.empty(user);
        assertInstanceOf(LedgerWrite.Committed.class, wallets.appendEntry(StoreContractTest.grantChange(empty, 500, "grant:c")));
        Wallet funded = wallets.findWallet(user).orElseThrow();
        WalletChange change = funded.purchase(Credits.of(18), AT, "purchase:pur_c1", Optional.of("starter"), 2);
        Purchase purchase = new Purchase("pur_c1", user, "box", 2, Credits.of(9), Credits.of(18), change.after().balance(), AT,
                change.lots(), LotTake.value(change.lots()), Optional.of("starter"), List.of("hat", "cat"));
        assertInstanceOf(PurchaseWrite.Committed.class, wallets.commitPurchase(change, purchase,
                new CheckoutIdempotency(user, "k1", "h", purchase, Optional.empty(), AT.plus(Duration.ofHours(48)))));
        Wallet after = wallets.findWallet(user).orElseThrow();
        assertEquals(1, after.store().purchases());
        assertEquals(Map.of("starter", 2), after.store().offerUses());
        assertEquals(18, after.store().spent().last30Days(LocalDate.of(2026, 11, 20)).amount());
        assertEquals(Segment.RETURNING, after.store().segment(LocalDate.of(2026, 11, 20), Credits.of(2_000)));
        CheckoutIdempotency stored = wallets.findCheckoutIdempotency(user, "k1").orElseThrow();
        assertEquals(Optional.of("starter"), stored.purchase().offerId());
        assertEquals(List.of("hat", "cat"), stored.purchase().drawnSkus());
    }
}

package dev.coinslot.application.store;

import dev.coinslot.application.experiment.Experiments;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.application.wallet.WalletSnapshots;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.Segment;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The storefront as one user sees it now: their segment, the SKUs on sale to them with the price they would pay (an
 * offer's, with what is left of its per-user limit), and the featured slots of the current rotation period.
 */
@ApplicationScoped
public class StorefrontQueries {

    private final CatalogSource catalogs;
    private final Experiments experiments;
    private final WalletStore wallets;
    private final WalletSnapshots snapshots;
    private final Clock clock;
    private final StoreSettings settings;

    public StorefrontQueries(CatalogSource catalogs, WalletStore wallets, WalletSnapshots snapshots, Clock clock,
            StoreSettings settings, Experiments experiments) {
        this.catalogs = catalogs;
        this.experiments = experiments;
        this.wallets = wallets;
        this.snapshots = snapshots;
        this.clock = clock;
        this.settings = settings;
    }

    /** The personal storefront: {@code items} cheapest first; {@code featured} empty without a rotation. */
    public record Storefront(Instant at, Segment segment, List<CatalogDocument.Quote> items, List<String> featured,
            Optional<Instant> nextRotationAt) {
    }

    public Storefront storefront(String ownerId) {
        CatalogDocument document = catalogs.current();
        Wallet wallet = wallets.findWallet(ownerId).orElseGet(() -> Wallet.empty(ownerId));
        snapshots.remember(wallet);
        Instant now = clock.instant();
        Segment segment = wallet.store().segment(LocalDate.ofInstant(now, ZoneOffset.UTC), settings.highSpenderCredits());
        List<CatalogDocument.Quote> items = document.catalog().listed().stream()
                .map(sku -> document.quote(sku.id(), segment, wallet.store(), now, 1))
                .flatMap(Optional::stream)
                .map(q -> experiments.price(q, ownerId, now)).toList();
        List<String> onSale = items.stream().map(q -> q.sku().id()).toList();
        // the user has now seen their variant price of every experiment on these SKUs
        experiments.exposed(ownerId, onSale, now);
        return new Storefront(now, segment, items,
                document.rotation().map(r -> r.featured(now, onSale)).orElse(List.of()),
                document.rotation().map(r -> r.nextRotationAt(now)));
    }

    /** The display name of a SKU of the current catalog (retired ones included), or its id. */
    public String displayName(String skuId) {
        return catalogs.current().catalog().find(skuId).map(Sku::displayName).orElse(skuId);
    }

    /** What the public catalog shows as {@code sku}'s price: the control's during an experiment, else the list price. */
    public Credits publicPrice(Sku sku) {
        return experiments.publicPrice(sku.id(), clock.instant()).orElse(sku.price());
    }

    /** The SKUs on sale to anyone (the public catalog): listed and aimed at no segment in particular. */
    public List<Sku> publicCatalog() {
        return catalogs.current().catalog().listed().stream().filter(sku -> sku.segments().isEmpty()).toList();
    }
}

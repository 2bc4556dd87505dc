package dev.coinslot.api.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.api.Caller;
import dev.coinslot.api.checkout.CatalogResource.BundleItemView;
import dev.coinslot.api.checkout.CatalogResource.OddsView;
import dev.coinslot.application.store.StorefrontQueries;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.Chance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /storefront} (checkout function, JWT): the caller's personal storefront. Each item shows what the caller
 * would pay now ({@code priceCredits}: an offer's price while one applies to them, else the list price),
 * {@code listPriceCredits}, and with an offer its id, {@code offerEndsAt} and {@code remainingForYou} (null: no per-user
 * limit). A chance SKU shows its odds. {@code featured} are the SKUs of the current rotation period, which ends at
 * {@code nextRotationAt}.
 */
@Path("/storefront")
@Produces(MediaType.APPLICATION_JSON)
public class StorefrontResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemView(String sku, String name, String kind, long priceCredits, long listPriceCredits, String offerId,
            String offerEndsAt, Integer remainingForYou, List<BundleItemView> items, List<OddsView> odds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StorefrontView(String segment, List<ItemView> items, List<String> featured, String nextRotationAt,
            String at) {
    }

    private final Caller caller;
    private final StorefrontQueries storefront;

    public StorefrontResource(Caller caller, StorefrontQueries storefront) {
        this.caller = caller;
        this.storefront = storefront;
    }

    @GET
    public StorefrontView storefront() {
        StorefrontQueries.Storefront s = storefront.storefront(caller.requireUserId());
        return new StorefrontView(s.segment().slug(), s.items().stream().map(this::item).toList(), s.featured(),
                s.nextRotationAt().map(Object::toString).orElse(null), s.at().toString());
    }

    private ItemView item(CatalogDocument.Quote q) {
        return new ItemView(q.sku().id(), q.sku().displayName(), q.sku().kind().name(), q.unitPrice().amount(),
                q.listPrice().amount(), q.offer().map(o -> o.offerId()).orElse(null),
                q.offer().map(o -> o.endsAt().toString()).orElse(null), q.remainingForYou().orElse(null),
                q.sku().contents().stream().map(i -> new BundleItemView(i.skuId(), i.quantity())).toList(),
                q.sku().kind() == SkuKind.CHANCE ? Chance.odds(q.sku().outcomes()).stream()
                        .map(o -> new OddsView(o.skuId(), storefront.displayName(o.skuId()), o.percent())).toList() : null);
    }
}

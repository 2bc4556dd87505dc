package dev.coinslot.api.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.application.store.StorefrontQueries;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.store.Chance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * Public catalog of the checkout function: the SKUs on sale to everyone at list price (the control's price while a
 * price experiment runs on one; retired and segment-only SKUs left out), with each chance SKU's published odds. Nothing personal: the same answer for every caller.
 */
@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    public record BundleItemView(String sku, int quantity) {
    }

    /** One outcome of a chance SKU and its probability, in percent (two decimals). */
    public record OddsView(String sku, String name, BigDecimal percent) {
    }

    /** {@code odds} only for chance SKUs. */
    public record SkuView(String sku, String name, String kind, long priceCredits, List<BundleItemView> items,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<OddsView> odds) {
        public static SkuView of(Sku sku, long priceCredits, Function<String, String> names) {
            return new SkuView(sku.id(), sku.displayName(), sku.kind().name(), priceCredits,
                    sku.contents().stream().map(i -> new BundleItemView(i.skuId(), i.quantity())).toList(),
                    sku.kind() == SkuKind.CHANCE ? Chance.odds(sku.outcomes()).stream()
                            .map(o -> new OddsView(o.skuId(), names.apply(o.skuId()), o.percent())).toList() : null);
        }
    }

    public record CatalogView(List<SkuView> skus) {
    }

    private final StorefrontQueries storefront;

    public CatalogResource(StorefrontQueries storefront) {
        this.storefront = storefront;
    }

    @GET
    public CatalogView catalog() {
        List<Sku> skus = storefront.publicCatalog();
        return new CatalogView(skus.stream()
                .map(sku -> SkuView.of(sku, storefront.publicPrice(sku).amount(), storefront::displayName)).toList());
    }
}

package dev.coinslot.api.checkout;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Sku;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Public catalog of the checkout function. */
@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    public record BundleItemView(String sku, int quantity) {
    }

    public record SkuView(String sku, String name, String kind, long priceCredits, List<BundleItemView> items) {
        static SkuView of(Sku sku) {
            return new SkuView(sku.id(), sku.displayName(), sku.kind().name(), sku.price().amount(),
                    sku.contents().stream().map(i -> new BundleItemView(i.skuId(), i.quantity())).toList());
        }
    }

    public record CatalogView(List<SkuView> skus) {
    }

    private final CatalogView view;

    public CatalogResource(Catalog catalog) {
        this.view = new CatalogView(catalog.skus().stream().map(SkuView::of).toList());
    }

    @GET
    public CatalogView catalog() {
        return view;
    }
}

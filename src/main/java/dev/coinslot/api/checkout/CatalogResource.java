package dev.coinslot.api.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.ownership.Grant;
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

    /** What one unit grants: {@code type}, a pass's ISO-8601 {@code duration}, a consumable's {@code quantity}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrantSpecView(String type, String duration, Long quantity) {
        static GrantSpecView of(Grant grant) {
            return switch (grant) {
                case Grant.Permanent p -> new GrantSpecView(p.type().name(), null, null);
                case Grant.Pass p -> new GrantSpecView(p.type().name(), p.duration().toString(), null);
                case Grant.Consumable c -> new GrantSpecView(c.type().name(), null, c.quantity());
            };
        }
    }

    /** {@code grants} is null for bundles: they grant what their items grant. */
    public record SkuView(String sku, String name, String kind, long priceCredits, List<BundleItemView> items,
            GrantSpecView grants) {
        static SkuView of(Sku sku) {
            return new SkuView(sku.id(), sku.displayName(), sku.kind().name(), sku.price().amount(),
                    sku.contents().stream().map(i -> new BundleItemView(i.skuId(), i.quantity())).toList(),
                    sku.grant().map(GrantSpecView::of).orElse(null));
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

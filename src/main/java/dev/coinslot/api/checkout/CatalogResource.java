package dev.coinslot.api.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.application.store.StorefrontQueries;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.store.Chance;
import dev.coinslot.domain.ownership.Grant;
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

    /** One outcome of a chance SKU and its probability, in percent (two decimals). */
    public record OddsView(String sku, String name, BigDecimal percent) {
    }

    /**
     * {@code odds} only for chance SKUs; {@code grants} is what one unit grants, absent for bundles and chances (they
     * grant what their items or drawn outcome grant).
     */
    public record SkuView(String sku, String name, String kind, long priceCredits, List<BundleItemView> items,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<OddsView> odds,
            @JsonInclude(JsonInclude.Include.NON_NULL) GrantSpecView grants) {
        public static SkuView of(Sku sku, long priceCredits, Function<String, String> names) {
            return new SkuView(sku.id(), sku.displayName(), sku.kind().name(), priceCredits,
                    sku.contents().stream().map(i -> new BundleItemView(i.skuId(), i.quantity())).toList(),
                    sku.kind() == SkuKind.CHANCE ? Chance.odds(sku.outcomes()).stream()
                            .map(o -> new OddsView(o.skuId(), names.apply(o.skuId()), o.percent())).toList() : null,
                    sku.grant().map(GrantSpecView::of).orElse(null));
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

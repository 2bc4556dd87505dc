package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Every route in one app (the operator's admin routes and the checkout function's), selling from a catalog document of
 * its own ({@code coinslot.storefront.catalog-id}) so its catalog changes reach no other test class sharing the table,
 * and with no catalog cache, so an operator's change shows on the next request.
 */
public class StorefrontProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "all", "coinslot.storefront.catalog-id", "storefront-test",
                "coinslot.storefront.catalog-cache-ttl", "PT0S", "coinslot.storefront.high-spender-credits", "1000");
    }
}

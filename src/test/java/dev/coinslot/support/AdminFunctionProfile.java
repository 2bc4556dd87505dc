package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs the app as the admin Lambda function serves it (only the admin function's routes), on a catalog document of its
 * own so its changes reach no other test class sharing the table.
 */
public class AdminFunctionProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "admin", "coinslot.storefront.catalog-id", "admin-test");
    }
}

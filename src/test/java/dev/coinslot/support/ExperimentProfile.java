package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Every route in one app with a catalog document of its own (SKUs no other test class sells, so an experiment on them
 * prices nothing elsewhere), no catalog or experiment cache, and a small minimum sample for report verdicts.
 */
public class ExperimentProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "all", "coinslot.storefront.catalog-id", "experiment-test",
                "coinslot.storefront.catalog-cache-ttl", "PT0S", "coinslot.storefront.experiments.min-sample", "5");
    }
}

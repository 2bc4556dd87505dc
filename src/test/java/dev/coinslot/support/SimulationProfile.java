package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One application serving every route ({@code coinslot.function=all}: checkout, top-up, webhook and sweep), so a
 * simulation can drive all three functions against one table; Stripe read timeout shortened to 1 s so that slow-Stripe
 * faults become timeouts without slowing the run down much. The simulated operator changes a catalog document of the
 * simulation's own ({@code coinslot.storefront.catalog-id}), so no other test class sees its changes.
 */
public class SimulationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "all",
                "stripe.webhook-secret", StripeEvents.SECRET,
                "stripe.read-timeout", "PT1S",
                "coinslot.topups.max-per-hour", Integer.toString(Simulation.TOP_UPS_PER_HOUR),
                "coinslot.storefront.catalog-id", "simulation");
    }
}

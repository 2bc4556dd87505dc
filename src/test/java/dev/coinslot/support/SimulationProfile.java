package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One application serving every route ({@code coinslot.function=all}: checkout, top-up, webhook and sweep), so a
 * simulation can drive all three functions against one table; Stripe read timeout shortened to 1 s so that slow-Stripe
 * faults become timeouts without slowing the run down much. The application's clock is {@link ShiftedClock}, and
 * promotional credits expire within hours. The simulated operator changes a catalog document of the simulation's own
 * ({@code coinslot.storefront.catalog-id}), so no other test class sees its changes.
 */
public class SimulationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "all",
                "stripe.webhook-secret", StripeEvents.SECRET,
                "stripe.read-timeout", "PT1S",
                "coinslot.topups.max-per-hour", Integer.toString(Simulation.TOP_UPS_PER_HOUR),
                // promotional credits lapse within a run (the simulation moves the application's clock forward);
                // idempotency records outlive the run, so a replayed key always finds its first answer
                "coinslot.promo-expiry.bonus", "PT3H",
                "coinslot.promo-expiry.grant", "PT5H",
                "coinslot.idempotency.ttl", "P30D",
                "coinslot.storefront.catalog-id", "simulation");
    }

    @Override
    public java.util.Set<Class<?>> getEnabledAlternatives() {
        return java.util.Set.of(ShiftedClock.class);
    }
}

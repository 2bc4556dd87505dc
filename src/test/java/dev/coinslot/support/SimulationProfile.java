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
        return Map.ofEntries(Map.entry("coinslot.function", "all"),
                Map.entry("stripe.webhook-secret", StripeEvents.SECRET),
                Map.entry("stripe.read-timeout", "PT1S"),
                Map.entry("coinslot.topups.max-per-hour", Integer.toString(Simulation.TOP_UPS_PER_HOUR)),
                // promotional credits lapse within a run (the simulation moves the application's clock forward);
                // idempotency records outlive the run, so a replayed key always finds its first answer
                Map.entry("coinslot.promo-expiry.bonus", "PT3H"),
                Map.entry("coinslot.promo-expiry.grant", "PT5H"),
                Map.entry("coinslot.idempotency.ttl", "P30D"),
                Map.entry("coinslot.storefront.catalog-id", "simulation"),
                // loyalty: the daily reward and operator grants (a cap the grants reach; grants expire after a day)
                Map.entry("coinslot.loyalty.daily-reward-credits", "5"),
                Map.entry("coinslot.loyalty.grant-cap-per-day", "300"),
                Map.entry("coinslot.loyalty.expiry-days.earned", "1"),
                // loyalty in checkout: 1 % cashback, streak rewards at 2 and 3 days, a card of 3 stamps (any purchase);
                // cashback lapses a day after its day, inside the run
                Map.entry("coinslot.loyalty.cashback-basis-points", "100"),
                Map.entry("coinslot.loyalty.streak-milestones", "2:5,3:10"),
                Map.entry("coinslot.loyalty.stamp-cards.regular.of", "any"),
                Map.entry("coinslot.loyalty.stamp-cards.regular.every", "3"),
                Map.entry("coinslot.loyalty.stamp-cards.regular.reward-credits", "15"),
                Map.entry("coinslot.loyalty.expiry-days.cashback", "1"));
    }

    @Override
    public java.util.Set<Class<?>> getEnabledAlternatives() {
        return java.util.Set.of(ShiftedClock.class);
    }
}

package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The checkout function with the direct checkout path switched off: every request goes through the HTTP stack. */
public class CheckoutHttpStackProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "checkout", "coinslot.direct-checkout", "false");
    }
}

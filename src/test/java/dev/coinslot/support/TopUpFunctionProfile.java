package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the app as the top-up Lambda function: only its routes, Stripe on the loopback stand-in. */
public class TopUpFunctionProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "topup");
    }
}

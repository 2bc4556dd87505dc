package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the app as the checkout Lambda function serves it: only the checkout function's routes. */
public class CheckoutFunctionProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "checkout");
    }
}

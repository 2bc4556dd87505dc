package dev.coinslot.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the loopback Stripe stand-in once per test run and points the application's StripeClient at it. */
public class StripeStubResource implements QuarkusTestResourceLifecycleManager {

    private static StripeStub stub;

    public static synchronized StripeStub stub() {
        if (stub == null) {
            stub = StripeStub.start();
        }
        return stub;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("stripe.api-base", stub().baseUrl(), "stripe.secret-key", StripeStub.DEFAULT_API_KEY);
    }

    @Override
    public void stop() {
        // shared by every test class of the run
    }
}

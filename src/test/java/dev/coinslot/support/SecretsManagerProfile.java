package dev.coinslot.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Runs every route in one app with no Stripe credential in its configuration: the API key and webhook signing secrets
 * come only from a secret in the loopback {@link SecretsManagerStub}, read with credentials the way Lambda provides
 * them (here as the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties).
 */
public class SecretsManagerProfile implements QuarkusTestProfile {

    public static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:coinslot-test-all-AbCdEf";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "all", "stripe.secret-arn", ARN);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    /** Starts the stub once per run with this profile's secret, and points the application at it. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        private static SecretsManagerStub stub;

        public static synchronized SecretsManagerStub stub() {
            if (stub == null) {
                stub = SecretsManagerStub.start().put(ARN, "{\"apiKey\":\"" + StripeStub.DEFAULT_API_KEY + "\",\"webhookSecret\":\""
                        + StripeEvents.SECRET + "\",\"webhookSecretPrevious\":\"" + StripeEvents.PREVIOUS_SECRET + "\"}");
            }
            return stub;
        }

        @Override
        public Map<String, String> start() {
            System.setProperty("aws.accessKeyId", SecretsManagerStub.ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", SecretsManagerStub.SECRET_ACCESS_KEY);
            return Map.of("stripe.secrets-endpoint", stub().endpoint(), "stripe.api-base", StripeStubResource.stub().baseUrl());
        }

        @Override
        public void stop() {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}

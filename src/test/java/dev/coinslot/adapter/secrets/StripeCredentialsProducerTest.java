package dev.coinslot.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;
import dev.coinslot.support.SecretsManagerStub;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the secret's JSON and directly configured values combine, and that a bad secret fails without showing it. */
class StripeCredentialsProducerTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:producer-test-AbCdEf";
    private static SecretsManagerStub stub;

    @BeforeAll
    static void start() {
        stub = SecretsManagerStub.start();
        System.setProperty("aws.accessKeyId", SecretsManagerStub.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", SecretsManagerStub.SECRET_ACCESS_KEY);
    }

    @AfterAll
    static void stop() {
        stub.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static StripeCredentials resolve(String secretString, Optional<String> configuredKey) {
        stub.put(ARN, secretString);
        return new StripeCredentialsProducer().credentials(new Config(Optional.of(ARN), Optional.of(stub.endpoint()), configuredKey));
    }

    @Test
    void theSecretsFields_blankPreviousIgnored_aDirectlyConfiguredKeyWins() {
        StripeCredentials fromSecret = resolve("{\"apiKey\":\"rk_test_fromSecret1\",\"webhookSecret\":\"whsec_a\",\"webhookSecretPrevious\":\" \"}",
                Optional.empty());
        assertEquals(Optional.of("rk_test_fromSecret1"), fromSecret.apiKey());
        assertEquals(List.of("whsec_a"), fromSecret.webhookSecrets());
        assertEquals("StripeCredentials[source=secretsmanager, apiKey=present, webhookSecrets=1]", fromSecret.toString());
        assertEquals(Optional.of("sk_test_direct"), resolve("{\"apiKey\":\"rk_test_fromSecret1\"}", Optional.of("sk_test_direct")).apiKey());
        assertEquals(Optional.empty(), resolve("{\"apiKey\":42}", Optional.empty()).apiKey(), "a non-string is no key");
    }

    @Test
    void aSecretThatIsNotAJsonObject_failsStartUp_withoutItsValueInTheMessage() {
        for (String bad : List.of("rk_test_plainKeyNotJson9", "[\"rk_test_inAnArray99\"]", "{\"apiKey\":\"rk_test_truncated77")) {
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> resolve(bad, Optional.empty()));
            assertTrue(failed.getMessage().contains("is not a JSON object"), failed.getMessage());
            for (Throwable t = failed; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("rk_test"), "value in " + t);
            }
        }
    }

    @Test
    void withoutAnArn_theConfigurationIsUsed_andNothingIsRead() {
        int calls = stub.calls().size();
        StripeCredentials config = new StripeCredentialsProducer().credentials(
                new Config(Optional.empty(), Optional.empty(), Optional.of("sk_test_direct")));
        assertEquals("config", config.source());
        assertEquals(Optional.of("sk_test_direct"), config.apiKey());
        assertEquals(calls, stub.calls().size());
    }

    private record Config(Optional<String> secretArn, Optional<String> secretsEndpoint, Optional<String> secretKey)
            implements StripeConfig {
        @Override
        public Optional<String> apiBase() {
            return Optional.empty();
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration readTimeout() {
            return Duration.ofSeconds(4);
        }

        @Override
        public int maxNetworkRetries() {
            return 1;
        }

        @Override
        public Optional<String> publishableKey() {
            return Optional.empty();
        }

        @Override
        public Optional<String> webhookSecret() {
            return Optional.empty();
        }

        @Override
        public Optional<String> webhookSecretPrevious() {
            return Optional.empty();
        }

        @Override
        public Duration webhookTolerance() {
            return Duration.ofMinutes(5);
        }

        @Override
        public int webhookMaxBytes() {
            return 262144;
        }
    }
}

package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.secrets.StripeCredentialsTestAccess;
import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.SecretsManagerProfile;
import dev.coinslot.support.SecretsManagerStub;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stripe credentials read from Secrets Manager at start-up: the app's configuration holds no key and no signing secret,
 * yet top-ups reach Stripe with the secret's key and webhooks verify with its signing secrets; the secret is read once
 * for the life of the process, and no value reaches a log or an answer.
 */
@QuarkusTest
@ExtendWith(LogSecretScan.class)
@TestProfile(SecretsManagerProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class StripeSecretsFunctionTest {

    /** Reads this class makes itself (the log test resolves once more); everything else must be the start-up read. */
    private static int explicitReads;

    @Inject
    StripeCredentials credentials;

    @Inject
    StripeConfig config;

    private static SecretsManagerStub secrets() {
        return SecretsManagerProfile.Resource.stub();
    }

    @Test
    void theCredentials_comeFromTheFunctionsSecret_readOnceAtStartUp() {
        assertTrue(config.secretKey().isEmpty() && config.webhookSecret().isEmpty(), "nothing configured directly");
        assertEquals("secretsmanager", credentials.source());
        assertEquals(2, credentials.webhookSecrets().size());
        assertFalse(credentials.toString().contains(StripeStub.DEFAULT_API_KEY) || credentials.toString().contains("whsec_"),
                credentials.toString());
        List<SecretsManagerStub.Call> calls = secrets().calls();
        assertEquals(1 + explicitReads, calls.size(), "read once, at start-up: " + calls);
        assertEquals(SecretsManagerProfile.ARN, calls.get(0).secretId());
        assertEquals("us-east-1", calls.get(0).region(), "the region comes from the ARN");
    }

    @Test
    void aTopUp_reachesStripeWithTheSecretsKey_andAWebhook_verifiesWithItsSigningSecret() {
        int reads = secrets().calls().size();
        String user = Wallets.newUser("secret-topup");
        Response topUp = LambdaApi.as(user).post("/topups", "{\"packId\":\"starter\"}", Map.of("Idempotency-Key", "sec-1"));
        assertEquals(201, topUp.status(), topUp.body());
        String body = StripeEvents.event(StripeEvents.newEventId(), "customer.created", StripeEvents.fixture("customer"));
        Response delivered = StripeEvents.deliver(body);
        assertEquals(200, delivered.status(), delivered.body());
        String previous = StripeEvents.signature(body, StripeEvents.PREVIOUS_SECRET, System.currentTimeMillis() / 1000);
        assertEquals(200, StripeEvents.deliver(body, previous).status(), "the secret's previous signing secret is accepted too");
        String forged = StripeEvents.signature(body, "whsec_not_the_secret", System.currentTimeMillis() / 1000);
        assertEquals(400, StripeEvents.deliver(body, forged).status());
        assertEquals(reads, secrets().calls().size(), "requests never read the secret again");
    }

    @Test
    void theReadIsLogged_withWhereAndHowLong_neverAValue() {
        LogSecretScan.install();
        int before = LogSecretScan.recordCount();
        explicitReads++;
        StripeCredentials again = StripeCredentialsTestAccess.resolve(config);
        assertEquals(credentials.apiKey(), again.apiKey());
        List<String> logged = LogSecretScan.records().subList(before, LogSecretScan.recordCount());
        String line = logged.stream().filter(r -> r.contains("stripeCredentials source=secretsmanager")).findFirst()
                .orElseThrow(() -> new AssertionError("no credentials line in " + logged));
        assertTrue(line.contains("secret=" + SecretsManagerProfile.ARN) && line.contains("fetchMicros=")
                && line.contains("apiKey=present") && line.contains("webhookSecrets=2"), line);
        for (String record : logged) {
            assertEquals(List.of(), LogSecretScan.secretsIn(record), record);
            assertFalse(record.contains(StripeEvents.SECRET) || record.contains(StripeEvents.PREVIOUS_SECRET), record);
        }
    }
}

package dev.coinslot.adapter.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.SecretsManagerStub;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The signed {@code GetSecretValue} call against a loopback Secrets Manager, and what it costs. */
class SecretsManagerReaderTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:coinslot-dev-topup-AbCdEf";
    private static final String VALUE = "{\"apiKey\":\"rk_test_readerTestKey123\"}";
    private static SecretsManagerStub stub;

    @BeforeAll
    static void start() {
        stub = SecretsManagerStub.start().put(ARN, VALUE);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static SecretsManagerReader reader(String accessKeyId) {
        return new SecretsManagerReader(URI.create(stub.endpoint()), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, SecretsManagerStub.SECRET_ACCESS_KEY)));
    }

    @Test
    void readsTheSecretString_withASigV4SignedGetSecretValue() {
        int before = stub.calls().size();
        assertEquals(VALUE, reader(SecretsManagerStub.ACCESS_KEY_ID).secretString(ARN));
        SecretsManagerStub.Call call = stub.calls().get(before);
        assertEquals(SecretsManagerStub.ACCESS_KEY_ID, call.accessKeyId());
        assertEquals("eu-west-1", call.region());
        assertEquals(ARN, call.secretId());
        assertTrue(call.signedHeaders().contains("host"), call.signedHeaders());
    }

    @Test
    void aRefusal_namesTheAwsErrorType_neverTheSecret() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> reader(SecretsManagerStub.ACCESS_KEY_ID).secretString(ARN + "-other"));
        assertTrue(missing.getMessage().contains("status=400 type=ResourceNotFoundException"), missing.getMessage());
        IllegalStateException denied = assertThrows(IllegalStateException.class, () -> reader("AKIDWRONG").secretString(ARN));
        assertTrue(denied.getMessage().contains("UnrecognizedClientException"), denied.getMessage());
        assertFalse(denied.getMessage().contains("rk_test"));
    }

    @Test
    void oneServerError_isRetriedOnce_twoAreAFailure() {
        stub.failNext(1);
        assertEquals(VALUE, reader(SecretsManagerStub.ACCESS_KEY_ID).secretString(ARN));
        stub.failNext(2);
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> reader(SecretsManagerStub.ACCESS_KEY_ID).secretString(ARN));
        assertTrue(failed.getMessage().contains("status=500"), failed.getMessage());
    }

    @Test
    void anUnreachableEndpoint_failsWithinTheTimeouts() {
        SecretsManagerReader closed = new SecretsManagerReader(URI.create("http://127.0.0.1:1"), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> closed.secretString(ARN));
        assertTrue(failed.getMessage().contains("unreachable"), failed.getMessage());
    }

    @Test
    void arns_giveRegionAndEndpoint_otherIdsAreRefused() {
        SecretsManagerReader.SecretArn arn = SecretsManagerReader.SecretArn.parse(ARN);
        assertEquals("eu-west-1", arn.region());
        assertEquals(URI.create("https://secretsmanager.eu-west-1.amazonaws.com"), SecretsManagerReader.endpointFor(arn));
        assertEquals(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn"), SecretsManagerReader.endpointFor(
                SecretsManagerReader.SecretArn.parse("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf")));
        for (String bad : List.of("coinslot-dev-topup", "arn:aws:ssm:eu-west-1:123456789012:parameter/x",
                "arn:aws:secretsmanager::123456789012:secret:x", "")) {
            assertThrows(IllegalStateException.class, () -> SecretsManagerReader.SecretArn.parse(bad), bad);
        }
    }

    /**
     * What the read adds to a cold start, on loopback (so without the network round trip to the regional endpoint):
     * the first read in this JVM loads and initialises the signer and the HTTP client; later reads show the call alone.
     */
    @Test
    void measure_firstAndLaterReads() {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long start = System.nanoTime();
            reader(SecretsManagerStub.ACCESS_KEY_ID).secretString(ARN);
            micros.add((System.nanoTime() - start) / 1_000);
        }
        long first = micros.get(0);
        List<Long> later = new ArrayList<>(micros.subList(1, micros.size()));
        Collections.sort(later);
        System.out.printf("secret read on loopback: first in this JVM %d us, later median %d us (of %d)%n", first,
                later.get(later.size() / 2), later.size());
        assertTrue(first < 5_000_000, "a loopback read took " + first + " us");
    }
}

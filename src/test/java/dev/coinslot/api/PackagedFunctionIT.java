package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.bench.DynamoDbLocalProcess;
import dev.coinslot.bench.FunctionProcess;
import dev.coinslot.bench.RuntimeApiEmulator;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.SecretsManagerStub;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.Wallets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged artifact ({@code target/function.zip}, or {@code -Dbench.artifact}) run the way Lambda runs it: its
 * own process, polling a loopback Runtime API for API Gateway v2 events, against DynamoDB Local in another process.
 */
class PackagedFunctionIT {

    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static DynamoDbLocalProcess dynamo;
    private static DynamoDbClient client;
    private static FunctionProcess.Artifact artifact;
    private static FunctionProcess checkout;

    @BeforeAll
    static void start() {
        dynamo = DynamoDbLocalProcess.start();
        client = dynamo.client();
        artifact = FunctionProcess.Artifact.fromSystemProperties();
        Map<String, String> env = FunctionProcess.dynamoEnv(dynamo.endpoint(), DynamoDbLocalProcess.TABLE);
        env.put("COINSLOT_FUNCTION", "checkout");
        checkout = FunctionProcess.start(artifact, "it-checkout", env, List.of());
        checkout.awaitInit(INIT_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (checkout != null) {
            checkout.close();
        }
        if (client != null) {
            client.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private static String fundedUser(long credits) {
        String user = Wallets.newUser("packaged");
        Wallets.fund(client, DynamoDbLocalProcess.TABLE, user, credits);
        return user;
    }

    private static Response call(FunctionProcess function, String event) {
        RuntimeApiEmulator.Result result = function.api().invoke(event, CALL_TIMEOUT);
        assertTrue(result.ok(), () -> "invocation error: " + result.body() + "\n" + function.logTail());
        return Response.parse(result.body());
    }

    private static Response checkout(String user, String key, String sku, int quantity, long expected) {
        return call(checkout, LambdaApi.as(user).checkoutEvent(key, sku, quantity, expected));
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"), r.body());
    }

    @Test
    void checkout_withEnoughCredits_returns201AndDebitsTheWallet() {
        String user = fundedUser(200);
        Response r = checkout(user, "pk-1", "hat-gold", 1, 99);
        assertEquals(201, r.status(), r.body());
        assertEquals("false", r.header("Idempotent-Replayed"));
        assertEquals(101, r.json().getLong("balanceAfterCredits"));
        Response wallet = call(checkout, LambdaApi.as(user).event("GET", "/wallet", Map.of(), null, Map.of()));
        assertEquals(200, wallet.status(), wallet.body());
        assertEquals(101, wallet.json().getLong("balanceCredits"));
    }

    @Test
    void checkout_replaySameKey_returnsIdenticalBodyMarkedReplayed() {
        String user = fundedUser(300);
        Response first = checkout(user, "pk-replay", "sticker-cat", 2, 98);
        Response again = checkout(user, "pk-replay", "sticker-cat", 2, 98);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, again.status(), again.body());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        Response wallet = call(checkout, LambdaApi.as(user).event("GET", "/wallet", Map.of(), null, Map.of()));
        assertEquals(202, wallet.json().getLong("balanceCredits"));
    }

    @Test
    void checkout_insufficientCredits_returns402ProblemWithShortfall() {
        String user = fundedUser(50);
        Response r = checkout(user, "pk-short", "article-fees", 1, 199);
        assertProblem(r, 402, "insufficient-credits");
        assertEquals(149, r.json().getLong("shortfallCredits"));
        assertEquals("starter", r.json().getString("suggestedPack.packId"));
    }

    @Test
    void checkout_unknownSku_returns404Problem() {
        assertProblem(checkout(fundedUser(100), "pk-unknown", "no-such-sku", 1, 10), 404, "unknown-sku");
    }

    @Test
    void checkout_withoutJwtIdentity_returns401Problem() {
        assertProblem(call(checkout, LambdaApi.anonymous().checkoutEvent("pk-anon", "hat-gold", 1, 99)), 401, "unauthorized");
    }

    @Test
    void topUpRoute_onTheCheckoutFunction_returns404Problem() {
        assertProblem(call(checkout, LambdaApi.as("someone").event("GET", "/topups/packs", Map.of(), null, Map.of())),
                404, "not-found");
    }

    @Test
    void notAnApiGatewayEvent_isReportedAsInvocationError_andTheFunctionKeepsServing() {
        RuntimeApiEmulator.Result result = checkout.api().invoke("[1,2,3]", CALL_TIMEOUT);
        assertFalse(result.ok(), result.body());
        assertFalse(checkout.api().invocationErrors().isEmpty());
        assertEquals(200, call(checkout, LambdaApi.anonymous().event("GET", "/catalog", Map.of(), null, Map.of())).status());
    }

    @Test
    void topUpFunction_withoutStripeKey_failsInitAndReportsTheInitError() throws InterruptedException {
        Map<String, String> env = FunctionProcess.dynamoEnv(dynamo.endpoint(), DynamoDbLocalProcess.TABLE);
        env.put("COINSLOT_FUNCTION", "topup");
        try (FunctionProcess topup = FunctionProcess.start(artifact, "it-topup-nokey", env, List.of())) {
            IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> topup.awaitInit(INIT_TIMEOUT));
            assertThat(failed.getMessage(), startsWith("init error"));
            // the Runtime API gets the outer error; the cause is in the function's log (CloudWatch on Lambda)
            assertThat(topup.api().initError().join(), containsString("\"errorType\""));
            assertThat(topup.log(), containsString("STRIPE_SECRET_KEY is not set"));
            assertTrue(topup.waitForExit(Duration.ofSeconds(20)), "a function whose init failed must exit");
        }
    }

    /**
     * Lambda's java21 runtime patches Log4j's JNDI lookup (Log4Shell) at every start unless
     * {@code AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION} is true, which the template sets (DeployModeTemplateTest):
     * safe only while nothing in the zip is Log4j's core, the library that patch is for.
     */
    @Test
    void theJvmZipCarriesNoLog4jCore_soTheRuntimesLog4ShellPatchCanStayOff() throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(artifact.nativeBinary(), "a native binary has no jars to look into");
        List<String> found = new ArrayList<>();
        int jars = 0;
        try (var files = java.nio.file.Files.walk(artifact.path())) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.contains("log4j-core") || file.endsWith(java.nio.file.Path.of("lookup", "JndiLookup.class"))) {
                    found.add(file.toString());
                }
                if (name.endsWith(".jar")) {
                    jars++;
                    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                        if (zip.getEntry("org/apache/logging/log4j/core/lookup/JndiLookup.class") != null) {
                            found.add(file + "!JndiLookup");
                        }
                    }
                }
            }
        }
        assertTrue(jars > 50, "the task root holds the function's libraries: " + jars + " jars");
        assertEquals(List.of(), found, "Log4j core in the zip: the template must then leave the Log4Shell patch on");
    }

    /**
     * The dev build's payments simulator, demo identity, grant route and page settings must not exist in what is
     * deployed: the packaged artifact, run as {@code all} (every route, no route guard) with a Stripe key, answers
     * 404 on their routes, and a top-up goes to Stripe (here an address where nothing listens: 503
     * payments-unavailable), not to a simulator.
     */
    @Test
    void devOnlySimulatorAndRoutes_areAbsentFromThePackagedFunction() throws java.io.IOException {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Map<String, String> env = FunctionProcess.dynamoEnv(dynamo.endpoint(), DynamoDbLocalProcess.TABLE);
        env.put("COINSLOT_FUNCTION", "all");
        env.put("STRIPE_SECRET_KEY", "sk_test_packaged_it");
        env.put("STRIPE_WEBHOOK_SECRET", "whsec_packaged_it");
        env.put("STRIPE_API_BASE", "http://127.0.0.1:" + closedPort);
        env.put("STRIPE_MAX_NETWORK_RETRIES", "0");
        try (FunctionProcess all = FunctionProcess.start(artifact, "it-all-nodev", env, List.of())) {
            all.awaitInit(INIT_TIMEOUT);
            LambdaApi user = LambdaApi.as(Wallets.newUser("packaged-nodev"));
            Map<String, String> json = Map.of("Content-Type", "application/json");
            assertEquals(200, call(all, user.event("GET", "/catalog", Map.of(), null, Map.of())).status(),
                    "the function must serve its real routes");
            // bodies the simulator's resource would refuse with 400: a 404 here means the route does not exist
            assertProblem(call(all, user.event("POST", "/dev/payments/confirm", json, "{}", Map.of())), 404, "not-found");
            assertProblem(call(all, user.event("POST", "/dev/payments/authenticate", json, "{}", Map.of())), 404, "not-found");
            assertProblem(call(all, user.event("POST", "/dev/grant", json, "{\"credits\":5}", Map.of())), 404, "not-found");
            assertProblem(call(all, user.event("GET", "/config.js", Map.of(), null, Map.of())), 404, "not-found");
            assertProblem(call(all, LambdaApi.anonymous().event("GET", "/wallet", Map.of(), null, Map.of())), 401, "unauthorized");
            Map<String, String> topUpHeaders = new java.util.HashMap<>(json);
            topUpHeaders.put("Idempotency-Key", "nodev-1");
            assertProblem(call(all, user.event("POST", "/topups", topUpHeaders, "{\"packId\":\"starter\"}", Map.of())), 503,
                    "payments-unavailable");
        }
    }

    /**
     * Each function reads its own Secrets Manager secret during init, once: here the top-up and webhook functions
     * against a loopback Secrets Manager with credentials in the environment, as Lambda provides them. Also measures
     * what the read adds to init: the read itself (its log line) and init with the secret versus a key configured
     * directly, alternating, three each.
     */
    @Test
    void functions_readTheirOwnSecretAtInit_once_andNeverLogIt() {
        String topupArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:coinslot-it-topup-AbCdEf";
        String webhookArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:coinslot-it-webhook-AbCdEf";
        try (SecretsManagerStub secrets = SecretsManagerStub.start()) {
            secrets.put(topupArn, "{\"apiKey\":\"rk_test_packagedTopupKey42\"}");
            secrets.put(webhookArn, "{\"apiKey\":\"rk_test_packagedWebhookKey42\",\"webhookSecret\":\"" + StripeEvents.SECRET
                    + "\",\"webhookSecretPrevious\":\"\"}");
            List<Long> withSecret = new ArrayList<>();
            List<Long> withPlainKey = new ArrayList<>();
            List<Long> fetch = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                Map<String, String> env = secretEnv(secrets, "topup", topupArn);
                try (FunctionProcess topup = FunctionProcess.start(artifact, "it-topup-secret-" + round, env, List.of())) {
                    withSecret.add(topup.awaitInit(INIT_TIMEOUT) / 1_000_000);
                    fetch.add(fetchMicros(topup.log()));
                    assertEquals(List.of(), LogSecretScan.secretsIn(topup.log()), "no secret in the function's log");
                    assertFalse(topup.log().contains("packagedTopupKey42"));
                }
                Map<String, String> plain = FunctionProcess.dynamoEnv(dynamo.endpoint(), DynamoDbLocalProcess.TABLE);
                plain.put("COINSLOT_FUNCTION", "topup");
                plain.put("STRIPE_SECRET_KEY", "sk_test_plainConfiguredKey");
                try (FunctionProcess topup = FunctionProcess.start(artifact, "it-topup-plain-" + round, plain, List.of())) {
                    withPlainKey.add(topup.awaitInit(INIT_TIMEOUT) / 1_000_000);
                }
            }
            assertEquals(3, secrets.calls().size(), "one read per environment: " + secrets.calls());
            try (FunctionProcess webhook = FunctionProcess.start(artifact, "it-webhook-secret",
                    secretEnv(secrets, "webhook", webhookArn), List.of())) {
                webhook.awaitInit(INIT_TIMEOUT);
                String body = StripeEvents.event(StripeEvents.newEventId(), "customer.created", StripeEvents.fixture("customer"));
                Response signed = call(webhook, LambdaApi.anonymous().event("POST", "/webhooks/stripe",
                        Map.of("Stripe-Signature", StripeEvents.signature(body)), body, Map.of()));
                assertEquals(200, signed.status(), signed.body());
                assertEquals(List.of(), LogSecretScan.secretsIn(webhook.log()), "no secret in the function's log");
            }
            assertEquals(4, secrets.calls().size());
            assertEquals(webhookArn, secrets.calls().get(3).secretId());
            System.out.printf("secret at init (%s): GetSecretValue %s us; init with secret %s ms, with a configured key %s ms "
                    + "(medians %d / %d ms)%n", artifact.kind(), fetch, withSecret, withPlainKey, median(withSecret),
                    median(withPlainKey));
        }
    }

    @Test
    void aFunctionWhoseSecretCannotBeRead_failsInit_withoutAValueInItsLog() {
        try (SecretsManagerStub secrets = SecretsManagerStub.start()) {
            Map<String, String> env = secretEnv(secrets, "topup", "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf");
            try (FunctionProcess topup = FunctionProcess.start(artifact, "it-topup-nosecret", env, List.of())) {
                IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> topup.awaitInit(INIT_TIMEOUT));
                assertThat(failed.getMessage(), startsWith("init error"));
                assertThat(topup.log(), containsString("type=ResourceNotFoundException"));
            }
        }
    }

    private static Map<String, String> secretEnv(SecretsManagerStub secrets, String function, String arn) {
        Map<String, String> env = FunctionProcess.dynamoEnv(dynamo.endpoint(), DynamoDbLocalProcess.TABLE);
        env.put("COINSLOT_FUNCTION", function);
        env.put("STRIPE_SECRET_ARN", arn);
        env.put("STRIPE_SECRETS_ENDPOINT", secrets.endpoint());
        env.put("AWS_ACCESS_KEY_ID", SecretsManagerStub.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SecretsManagerStub.SECRET_ACCESS_KEY);
        return env;
    }

    private static long fetchMicros(String log) {
        Matcher m = Pattern.compile("fetchMicros=(\\d+)").matcher(log);
        assertTrue(m.find(), "no fetchMicros in the log: " + log);
        return Long.parseLong(m.group(1));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

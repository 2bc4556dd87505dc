package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.application.port.PaymentEventParser;
import dev.coinslot.application.reconciliation.ReconciliationService;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.DynamoFaults;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.RequestCounter;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.TopUpFunctionProfile;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The top-up function against DynamoDB Local and stripe-java talking HTTP to a loopback Stripe stand-in. */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(TopUpFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
class TopUpFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StripeStub stripe = StripeStubResource.stub();

    /** The webhook function's parser and service (its route is another function's; the beans are the same). */
    @Inject
    PaymentEventParser parser;
    @Inject
    ReconciliationService webhook;

    @BeforeEach
    void resetStripe() {
        stripe.reset();
    }

    private static Response topUp(String user, String key, String packId) {
        Map<String, String> headers = key == null ? Map.of() : Map.of("Idempotency-Key", key);
        return LambdaApi.as(user).post("/topups", "{\"packId\":\"" + packId + "\"}", headers);
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"));
    }

    private static Map<String, AttributeValue> only(String user, String prefix) {
        List<Map<String, AttributeValue>> items = WalletInvariants.itemsOfType(user, prefix);
        assertEquals(1, items.size(), prefix + " items of " + user);
        return items.get(0);
    }

    @Test
    void packs_arePublic_withBonusAndPricePer100Credits() {
        Response r = LambdaApi.anonymous().get("/topups/packs");
        assertEquals(200, r.status(), r.body());
        assertEquals("USD", r.json().getString("currency"));
        assertEquals(List.of("starter", "plus", "max"), r.json().getList("packs.packId"));
        assertEquals(1000, r.json().getLong("packs[1].amountMinor"));
        assertEquals(1000, r.json().getLong("packs[1].baseCredits"));
        assertEquals(100, r.json().getLong("packs[1].bonusCredits"));
        assertEquals(1100, r.json().getLong("packs[1].credits"));
        assertEquals(91, r.json().getLong("packs[1].pricePer100CreditsMinor"));
    }

    @Test
    void topUp_createsCustomerAndPaymentIntent_withPackAmountMetadataAndIdempotencyKey() {
        String user = Wallets.newUser("payer");
        Response r = topUp(user, "tk-1", "plus");
        assertEquals(201, r.status(), r.body());
        String topUpId = r.json().getString("topUpId");
        String pi = r.json().getString("paymentIntentId");
        assertTrue(topUpId.startsWith("top_"));
        assertTrue(pi.startsWith("pi_"));
        assertTrue(r.json().getString("clientSecret").startsWith(pi + "_secret_"));
        assertEquals(1000, r.json().getLong("amountMinor"));
        assertEquals("USD", r.json().getString("currency"));
        assertEquals(1100, r.json().getLong("credits"));
        assertEquals(100, r.json().getLong("bonusCredits"));

        StripeStub.Recorded customer = stripe.requests("POST", "/v1/customers").get(0);
        assertEquals(user, customer.param("metadata[coinslot_user]"));
        assertNotNull(customer.header("idempotency-key"));
        StripeStub.Recorded intent = stripe.requests("POST", "/v1/payment_intents").get(0);
        assertEquals("Bearer " + StripeStub.DEFAULT_API_KEY, intent.header("authorization"));
        assertEquals("1000", intent.param("amount"));
        assertEquals("usd", intent.param("currency"));
        assertEquals(stripe.customers().get(0).get("id"), intent.param("customer"));
        assertEquals("off_session", intent.param("setup_future_usage"));
        assertEquals("true", intent.param("automatic_payment_methods[enabled]"));
        assertEquals(user, intent.param("metadata[coinslot_user]"));
        assertEquals(topUpId, intent.param("metadata[coinslot_topup_id]"));
        assertEquals("plus", intent.param("metadata[coinslot_pack_id]"));
        assertEquals("1100", intent.param("metadata[coinslot_credits]"));
        assertEquals("100", intent.param("metadata[coinslot_bonus_credits]"));
        assertEquals(StripeEvents.DEPLOYMENT_ID, intent.param("metadata[coinslot_deployment]"),
                "the deployment id defaults to the table name");
        assertEquals("coinslot-topup-" + topUpId, intent.header("idempotency-key"));

        Map<String, AttributeValue> record = only(user, "TOPUP#");
        assertEquals("PENDING", record.get("status").s());
        assertEquals(pi, record.get("paymentIntentId").s());
        assertEquals(1, WalletInvariants.count(user, "IDEM#topup#"));
        assertEquals(stripe.customers().get(0).get("id"), only(user, "WALLET").get("stripeCustomerId").s());
        assertEquals(0, WalletInvariants.assertConsistent(user));

        Response status = LambdaApi.as(user).get("/topups/" + topUpId);
        assertEquals(200, status.status(), status.body());
        assertEquals("PENDING", status.json().getString("status"));
        assertEquals(1100, status.json().getLong("credits"));
    }

    @Test
    void secondTopUp_reusesTheStoredCustomer() {
        String user = Wallets.newUser("repeat");
        assertEquals(201, topUp(user, "a", "starter").status());
        assertEquals(201, topUp(user, "b", "max").status());
        assertEquals(1, stripe.requests("POST", "/v1/customers").size());
        assertEquals(2, stripe.paymentIntentCount());
        assertEquals(2, WalletInvariants.count(user, "TOPUP#"));
    }

    @Test
    void replaySameKey_returnsIdenticalAnswer_andOnePaymentIntent() {
        String user = Wallets.newUser("replay");
        Response first = topUp(user, "same", "starter");
        Response second = topUp(user, "same", "starter");
        assertEquals(201, second.status());
        assertEquals(first.body(), second.body());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(1, stripe.paymentIntentCount());
        assertEquals(1, WalletInvariants.count(user, "TOPUP#"));
    }

    @Test
    void sameKeyOtherPack_returns422_andCreatesNothing() {
        String user = Wallets.newUser("reuse");
        assertEquals(201, topUp(user, "k", "starter").status());
        assertProblem(topUp(user, "k", "max"), 422, "idempotency-key-reuse");
        assertEquals(1, stripe.paymentIntentCount());
    }

    @Test
    void keyReusedAfterItsRecordExpired_isRefused_becauseItsTopUpStillExists() {
        String user = Wallets.newUser("expired");
        assertEquals(201, topUp(user, "old-key", "starter").status());
        // 49 hours later: the record (48 h) has expired, and the top-up written with it is as old
        Wallets.expireIdempotencyRecords(user);
        Wallets.ageTopUps(user, java.time.Duration.ofHours(49));
        assertProblem(topUp(user, "old-key", "starter"), 422, "idempotency-key-reuse");
        assertEquals(1, stripe.paymentIntentCount());
    }

    @Test
    void recordWriteLost_andTheWebhookCreditedThePayment_thenTheIdenticalRetry_replaysTheOriginalTopUp() {
        // how many DynamoDB requests a first top-up of a new user makes: the last is the record write
        RequestCounter.reset();
        assertEquals(201, topUp(Wallets.newUser("count"), "count-1", "plus").status());
        long requests = RequestCounter.total();
        String user = Wallets.newUser("lost-record");
        DynamoFaults.resetCounts();
        DynamoFaults.armNth((int) requests, DynamoFaults.Mode.REFUSED_BEFORE_SEND);
        try {
            assertProblem(topUp(user, "lost-rec", "plus"), 503, "service-unavailable");
        } finally {
            DynamoFaults.disarm();
        }
        assertEquals(Map.of(DynamoFaults.Mode.REFUSED_BEFORE_SEND, 1L), DynamoFaults.surfaced());
        assertEquals(0, WalletInvariants.count(user, "IDEM#topup#"), "the record write was refused: nothing applied");
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        String pi = (String) stripe.paymentIntents().get(1).get("id");
        // the customer pays, and the webhook function (another Lambda) credits the payment from its metadata
        stripe.setPaymentIntentStatus(pi, "succeeded");
        String body = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded",
                JSON.valueToTree(stripe.paymentIntent(pi)));
        assertInstanceOf(ReconciliationService.Outcome.Applied.class,
                webhook.handle(parser.parse(body.getBytes(StandardCharsets.UTF_8)).orElseThrow()));

        Response retried = topUp(user, "lost-rec", "plus");

        assertEquals(201, retried.status(), retried.body());
        assertEquals("true", retried.header("Idempotent-Replayed"));
        assertEquals(pi, retried.json().getString("paymentIntentId"));
        assertTrue(retried.json().getString("clientSecret").startsWith(pi + "_secret_"));
        assertEquals(2, stripe.paymentIntentCount(), "no second payment for the retry");
        assertEquals(1, WalletInvariants.count(user, "TOPUP#"));
        assertEquals("SUCCEEDED", only(user, "TOPUP#").get("status").s());
        assertEquals(1100, WalletInvariants.assertConsistent(user), "credited once");
        assertProblem(topUp(user, "lost-rec", "max"), 422, "idempotency-key-reuse");
    }

    @Test
    void racingFirstTopUps_ofANewUser_makeOneStripeCustomer() throws Exception {
        String user = Wallets.newUser("race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = "race-" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return topUp(user, key, "starter");
                }));
            }
            go.countDown();
            for (Future<Response> f : futures) {
                assertEquals(201, f.get().status(), f.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, stripe.customerCount());
        assertEquals(4, stripe.paymentIntentCount());
        String customer = only(user, "WALLET").get("stripeCustomerId").s();
        stripe.paymentIntents().forEach(pi -> assertEquals(customer, pi.get("customer")));
    }

    /** {@code coinslot.topups.max-per-hour} of the test profile (the default). */
    private static final int MAX_PER_HOUR = 10;

    @Test
    void topUpsBeyondTheHourlyCap_get429WithRetryAfter_andCreateNoPaymentIntent() {
        String user = Wallets.newUser("card-tester");
        for (int i = 0; i < MAX_PER_HOUR; i++) {
            assertEquals(201, topUp(user, "cap-" + i, "starter").status());
        }
        Response replay = topUp(user, "cap-0", "starter");
        assertEquals(201, replay.status(), "a replay takes no new slot: " + replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        int before = stripe.requests().size();

        Response refused = topUp(user, "cap-" + MAX_PER_HOUR, "starter");
        assertProblem(refused, 429, "too-many-top-ups");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertEquals(MAX_PER_HOUR, refused.json().getInt("maxPerHour"));
        java.time.Instant resetsAt = java.time.Instant.parse(refused.json().getString("resetsAt"));
        assertEquals(resetsAt.truncatedTo(java.time.temporal.ChronoUnit.HOURS), resetsAt, "the next full hour");
        assertEquals(before, stripe.requests().size(), "Stripe saw nothing of the refused top-up");
        assertEquals(MAX_PER_HOUR, stripe.paymentIntentCount());
        assertEquals(MAX_PER_HOUR, WalletInvariants.count(user, "TOPUP#"));
        assertEquals(MAX_PER_HOUR, WalletInvariants.count(user, "IDEM#"));

        String other = Wallets.newUser("other-payer");
        assertEquals(201, topUp(other, "cap-0", "starter").status(), "the cap is per user");
    }

    @Test
    void parallelTopUps_ofOneUser_exactlyTheCapSucceed_andStripeGetsNoExtraPaymentIntent() throws Exception {
        String user = Wallets.newUser("parallel-card-tester");
        int attempts = 3 * MAX_PER_HOUR;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String key = "burst-" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return topUp(user, key, "starter");
                }));
            }
            go.countDown();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long created = answers.stream().filter(r -> r.status() == 201).count();
        long refused = answers.stream().filter(r -> r.status() == 429).count();
        assertEquals(MAX_PER_HOUR, created, "201 answers");
        assertEquals(attempts - MAX_PER_HOUR, refused, "429 answers");
        answers.stream().filter(r -> r.status() == 429).forEach(r -> {
            assertProblem(r, 429, "too-many-top-ups");
            assertNotNull(r.header("Retry-After"));
        });
        assertEquals(MAX_PER_HOUR, stripe.requests("POST", "/v1/payment_intents").stream()
                .map(q -> q.header("idempotency-key")).distinct().count(), "PaymentIntent creations sent to Stripe");
        assertEquals(MAX_PER_HOUR, stripe.paymentIntentCount());
        assertEquals(MAX_PER_HOUR, WalletInvariants.count(user, "TOPUP#"));
    }

    @Test
    void stripe500_thenRetryWithSameKey_makesOnePaymentIntentAndOneRecord() {
        String user = Wallets.newUser("flaky");
        stripe.failNext("POST", "/v1/payment_intents", 2, 500, "api_error");
        Response failed = topUp(user, "retry-me", "starter");
        assertProblem(failed, 503, "payments-unavailable");
        assertNotNull(failed.header("Retry-After"));
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        assertEquals(0, WalletInvariants.count(user, "IDEM#"));

        Response retried = topUp(user, "retry-me", "starter");
        assertEquals(201, retried.status(), retried.body());
        assertEquals(1, stripe.paymentIntentCount());
        assertEquals(1, WalletInvariants.count(user, "TOPUP#"));
        List<String> keys = stripe.requests("POST", "/v1/payment_intents").stream().map(q -> q.header("idempotency-key")).distinct().toList();
        assertEquals(1, keys.size(), "every attempt must carry the same Stripe idempotency key");
    }

    @Test
    void lostStripeResponse_thenRetry_returnsTheSamePaymentIntent() {
        String user = Wallets.newUser("lost");
        stripe.failAfterCommitNext("POST", "/v1/payment_intents", 500);
        stripe.failNext("POST", "/v1/payment_intents", 1, 500, "api_error");
        assertProblem(topUp(user, "lost-1", "starter"), 503, "payments-unavailable");
        Response retried = topUp(user, "lost-1", "starter");
        assertEquals(201, retried.status(), retried.body());
        assertEquals(1, stripe.paymentIntentCount());
        assertEquals(stripe.paymentIntents().get(0).get("id"), retried.json().getString("paymentIntentId"));
    }

    @Test
    void stripeRateLimit_returns503WithRetryAfter_andWritesNothing() {
        String user = Wallets.newUser("limited");
        stripe.failNext("POST", "/v1/customers", 2, 429, "rate_limit_error");
        assertProblem(topUp(user, "rl", "starter"), 503, "payments-unavailable");
        // only the hour's top-up slot stays taken (a retry with the same key reuses it)
        assertEquals(List.of("RATE#topup#"), WalletInvariants.items(user).stream()
                .map(i -> i.get("sk").s().replaceAll("#[^#]*$", "#")).toList());
        assertEquals(0, stripe.paymentIntentCount());
    }

    @Test
    void droppedConnection_answers503_andTheRetryWithTheSameKeyMakesOnePaymentIntent() {
        String user = Wallets.newUser("dropped");
        stripe.dropConnectionNext("POST", "/v1/payment_intents");
        assertProblem(topUp(user, "drop", "starter"), 503, "payments-unavailable");
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        Response r = topUp(user, "drop", "starter");
        assertEquals(201, r.status(), r.body());
        assertEquals(1, stripe.paymentIntentCount());
        assertEquals(1, WalletInvariants.count(user, "TOPUP#"));
    }

    @Test
    void stripeRejectsOurKey_returns500_withoutLeakingTheKey() {
        String user = Wallets.newUser("badkey");
        stripe.expectApiKey("sk_test_somethingelse");
        try {
            Response r = topUp(user, "auth", "starter");
            assertProblem(r, 500, "internal-error");
            assertFalse(r.body().contains("sk_test"), r.body());
        } finally {
            stripe.expectApiKey(StripeStub.DEFAULT_API_KEY);
        }
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
    }

    @Test
    void topUpStatus_ofAnotherUser_is404() {
        String owner = Wallets.newUser("owner");
        String topUpId = topUp(owner, "mine", "starter").json().getString("topUpId");
        assertProblem(LambdaApi.as(Wallets.newUser("thief")).get("/topups/" + topUpId), 404, "not-found");
        assertProblem(LambdaApi.as(owner).get("/topups/top_doesnotexist0"), 404, "not-found");
        assertProblem(LambdaApi.as(owner).get("/topups/..%2F..%2Fwallet"), 404, "not-found");
    }

    @Test
    void badRequests_areRefusedWithProblems_andCreateNothing() {
        String user = Wallets.newUser("bad");
        assertProblem(topUp(user, "u", "no-such-pack"), 404, "unknown-pack");
        assertProblem(topUp(user, null, "starter"), 400, "missing-idempotency-key");
        assertProblem(LambdaApi.anonymous().post("/topups", "{\"packId\":\"starter\"}", Map.of("Idempotency-Key", "x")), 401,
                "unauthorized");
        assertProblem(LambdaApi.as(user).post("/topups", "{\"packId\":5}", Map.of("Idempotency-Key", "t")), 400,
                "malformed-request");
        assertProblem(LambdaApi.as(user).post("/topups", "{}", Map.of("Idempotency-Key", "e")), 400, "invalid-request");
        assertEquals(0, stripe.requests().size());
        assertEquals(0, WalletInvariants.items(user).size());
    }

    @Test
    void checkoutRoutes_answer404OnTheTopUpFunction() {
        assertProblem(LambdaApi.as(Wallets.newUser("x")).checkout("k", "hat-gold", 1, 99), 404, "not-found");
        assertProblem(LambdaApi.anonymous().get("/catalog"), 404, "not-found");
    }
}

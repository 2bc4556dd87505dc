package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Ownership on the checkout function: what purchases grant (permanent, pass, consumable, bundles), the entitlement
 * routes, consumption, purchase history, self-service refunds and the operator's IAM-only access check, end to end
 * through the Lambda mock event server against DynamoDB Local.
 */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class OwnershipFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String funded(long credits) {
        String user = Wallets.newUser("owner");
        Wallets.fund(user, credits);
        return user;
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"), r.body());
    }

    private static Response consume(String user, String key, String sku, long quantity) {
        return LambdaApi.as(user).post("/entitlements/" + sku + "/consume", "{\"quantity\":" + quantity + "}",
                Map.of("Idempotency-Key", key));
    }

    private static Response refund(String user, String key, String purchaseId) {
        return LambdaApi.as(user).post("/purchases/" + purchaseId + "/refund", null, Map.of("Idempotency-Key", key));
    }

    /** Sends {@code call} again with the same key while it answers 503 (the client protocol), up to 20 times. */
    private static Response retrying(Callable<Response> call) throws Exception {
        Response r = call.call();
        for (int i = 0; i < 20 && r.status() == 503; i++) {
            Thread.sleep(20);
            r = call.call();
        }
        return r;
    }

    private static void setAttribute(String user, String sk, String name, AttributeValue value) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            client.updateItem(b -> b.tableName(DynamoDbLocalResource.TABLE)
                    .key(Map.of("pk", AttributeValue.fromS("WALLET#" + user), "sk", AttributeValue.fromS(sk)))
                    .updateExpression("SET #a = :v").expressionAttributeNames(Map.of("#a", name))
                    .expressionAttributeValues(Map.of(":v", value)));
        }
    }

    private static long balance(String user) {
        return WalletInvariants.assertConsistent(user);
    }

    // ------------------------------------------------------------------------------------------------ grants

    @Test
    void permanent_buyOnce_thenAlreadyOwned_409_nothingDebited() {
        String user = funded(500);
        Response first = LambdaApi.as(user).checkout("hat-1", "hat-gold", 1, 99);
        assertEquals(201, first.status(), first.body());
        assertEquals("PERMANENT", first.json().getString("grants[0].type"));
        assertEquals("hat-gold", first.json().getString("grants[0].sku"));
        assertEquals(1, first.json().getInt("grants[0].quantity"));

        Response owned = LambdaApi.as(user).get("/entitlements/hat-gold");
        assertEquals(200, owned.status(), owned.body());
        assertEquals("PERMANENT", owned.json().getString("type"));
        assertEquals(first.json().getString("purchaseId"), owned.json().getString("purchaseId"));
        assertNull(owned.json().get("activeUntil"));

        Response again = LambdaApi.as(user).checkout("hat-2", "hat-gold", 1, 99);
        assertProblem(again, 409, "already-owned");
        assertEquals("hat-gold", again.json().getString("sku"));
        assertEquals(401, balance(user), "debited once");
        assertEquals(1, WalletInvariants.purchaseCount(user));
        assertEquals(0, WalletInvariants.count(user, "IDEM#checkout#hat-2"), "a refusal stores no key");

        // the first key still replays its purchase
        Response replay = LambdaApi.as(user).checkout("hat-1", "hat-gold", 1, 99);
        assertEquals(201, replay.status());
        assertEquals(first.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
    }

    @Test
    void permanent_moreThanOneUnit_isRefused_400() {
        String user = funded(500);
        Response r = LambdaApi.as(user).checkout("hat-2x", "hat-gold", 2, 198);
        assertProblem(r, 400, "invalid-request");
        assertEquals("quantity", r.json().getString("errors[0].field"));
        assertEquals(500, balance(user));
        assertEquals(0, WalletInvariants.count(user, "ENT#"));
    }

    @Test
    void bundle_grantsWhatItsItemsGrant_andConsumablesAccumulate() {
        String user = funded(1000);
        Response pack = LambdaApi.as(user).checkout("pack-1", "sticker-pack", 1, 249);
        assertEquals(201, pack.status(), pack.body());
        List<Map<String, Object>> grants = pack.json().getList("grants");
        assertEquals(2, grants.size());
        assertEquals(Map.of("sticker-cat", 3, "sticker-dog", 3), Map.of((String) grants.get(0).get("sku"), grants.get(0).get("quantity"),
                (String) grants.get(1).get("sku"), grants.get(1).get("quantity")));
        assertEquals(201, LambdaApi.as(user).checkout("cat-2", "sticker-cat", 2, 98).status());

        Response all = LambdaApi.as(user).get("/entitlements");
        assertEquals(200, all.status(), all.body());
        List<Map<String, Object>> list = all.json().getList("entitlements");
        assertEquals(2, list.size());
        Map<String, Object> cat = list.stream().filter(e -> "sticker-cat".equals(e.get("sku"))).findFirst().orElseThrow();
        assertEquals(5, cat.get("quantity"));
        assertEquals("CONSUMABLE", cat.get("type"));
        assertNotNull(cat.get("acquiredAt"));
        assertEquals(2, WalletInvariants.count(user, "ENT#"));
        WalletInvariants.assertOwnershipInvariants(user);
    }

    @Test
    void pass_activeIsExtendedFromItsEnd_expiredStartsNow() {
        String user = funded(1000);
        Response first = LambdaApi.as(user).checkout("pass-1", "day-pass", 1, 149);
        assertEquals(201, first.status(), first.body());
        Instant bought = Instant.parse(first.json().getString("purchasedAt"));
        Instant end1 = Instant.parse(first.json().getString("grants[0].activeUntil"));
        assertEquals(bought.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(Duration.ofDays(1)), end1);

        // this instance saw the pass it sold: extending it is the checkout's one request (catalog read just now)
        assertEquals(200, LambdaApi.anonymous().get("/catalog").status());
        dev.coinslot.support.RequestCounter.reset();
        Response second = LambdaApi.as(user).checkout("pass-2", "day-pass", 1, 149);
        assertEquals(201, second.status(), second.body());
        assertEquals(Map.of("TransactWriteItems", 1L), dev.coinslot.support.RequestCounter.snapshot(),
                "an active pass extended in one request");
        assertEquals(end1.plus(Duration.ofDays(1)), Instant.parse(second.json().getString("grants[0].activeUntil")),
                "extended from the current end, not from now");
        assertEquals(end1.plus(Duration.ofDays(1)).toString(),
                LambdaApi.as(user).get("/entitlements/day-pass").json().getString("activeUntil"));

        // the pass ran out a minute ago: it is not active, and a new one starts now
        Instant ended = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        setAttribute(user, "ENT#day-pass", "activeUntil", AttributeValue.fromN(Long.toString(ended.toEpochMilli())));
        assertProblem(LambdaApi.as(user).get("/entitlements/day-pass"), 404, "not-entitled");
        assertTrue(LambdaApi.as(user).get("/entitlements").json().getList("entitlements").isEmpty());
        // the instance still holds the old end: its write is refused on the stored end and decided again (2 requests)
        assertEquals(200, LambdaApi.anonymous().get("/catalog").status());
        dev.coinslot.support.RequestCounter.reset();
        Response third = LambdaApi.as(user).checkout("pass-3", "day-pass", 1, 149);
        assertEquals(201, third.status(), third.body());
        assertEquals(Map.of("TransactWriteItems", 2L), dev.coinslot.support.RequestCounter.snapshot(),
                "a stale hint costs one refused write, never a wrong end");
        Instant end3 = Instant.parse(third.json().getString("grants[0].activeUntil"));
        Instant bought3 = Instant.parse(third.json().getString("purchasedAt")).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertEquals(bought3.plus(Duration.ofDays(1)), end3, "an expired pass starts again from now");
        assertEquals(1000 - 3 * 149, balance(user));
    }

    /**
     * Race: one user buys the day pass 6 times at once (distinct keys). Each committed purchase extends the pass by
     * exactly its day, whatever the instance remembered: the ends answered are distinct, one purchase started the pass
     * (end = its time + 1 day) and the stored end is that start + one day per committed purchase.
     */
    @Test
    void parallelPassPurchases_eachExtendsThePassExactlyOnce() throws Exception {
        String user = funded(2000);
        List<Response> answers = dev.coinslot.support.Parallel.run(6, 6,
                i -> LambdaApi.as(user).checkout("race-pass-" + i, "day-pass", 1, 149));
        List<Response> bought = answers.stream().filter(r -> r.status() == 201).toList();
        for (Response r : answers) {
            assertTrue(r.status() == 201 || r.status() == 503, r.body());
        }
        assertTrue(bought.size() >= 1, "at least one purchase commits");
        java.util.Set<Instant> ends = new java.util.TreeSet<>();
        Instant started = null;
        for (Response r : bought) {
            Instant end = Instant.parse(r.json().getString("grants[0].activeUntil"));
            assertTrue(ends.add(end), "two purchases answered the same end: " + end);
            Instant at = Instant.parse(r.json().getString("purchasedAt")).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            if (end.equals(at.plus(Duration.ofDays(1)))) {
                assertEquals(null, started, "only one purchase starts the pass");
                started = at;
            }
        }
        assertTrue(started != null, "one purchase started the pass: " + ends);
        Instant expected = started.plus(Duration.ofDays(bought.size()));
        assertEquals(expected, ((java.util.TreeSet<Instant>) ends).last(), "the last end is one day per purchase");
        assertEquals(expected.toString(), LambdaApi.as(user).get("/entitlements/day-pass").json().getString("activeUntil"));
        assertEquals(2000 - 149L * bought.size(), balance(user));
    }

    @Test
    void entitlement_unknownOrNeverBought_is404NotEntitled() {
        String user = Wallets.newUser("owner");
        assertProblem(LambdaApi.as(user).get("/entitlements/hat-gold"), 404, "not-entitled");
        assertProblem(LambdaApi.as(user).get("/entitlements/no-such-item"), 404, "not-entitled");
        assertProblem(LambdaApi.as(user).get("/entitlements/" + "x".repeat(300)), 404, "not-entitled");
        assertProblem(LambdaApi.anonymous().get("/entitlements"), 401, "unauthorized");
    }

    // ----------------------------------------------------------------------------------------------- consume

    @Test
    void consume_usesUp_isIdempotent_andRefusesMoreThanIsLeft() {
        String user = funded(1000);
        assertEquals(201, LambdaApi.as(user).checkout("c-1", "sticker-cat", 3, 147).status());
        Response used = consume(user, "use-1", "sticker-cat", 2);
        assertEquals(200, used.status(), used.body());
        assertEquals(2, used.json().getInt("consumed"));
        assertEquals(1, used.json().getInt("remaining"));
        assertEquals("false", used.header("Idempotent-Replayed"));

        Response replay = consume(user, "use-1", "sticker-cat", 2);
        assertEquals(200, replay.status());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(1, LambdaApi.as(user).get("/entitlements/sticker-cat").json().getInt("quantity"), "used once");
        assertProblem(consume(user, "use-1", "sticker-cat", 1), 422, "idempotency-key-reuse");

        Response tooMuch = consume(user, "use-2", "sticker-cat", 2);
        assertProblem(tooMuch, 409, "insufficient-quantity");
        assertEquals(1, tooMuch.json().getInt("availableQuantity"));
        assertEquals(2, tooMuch.json().getInt("requestedQuantity"));
        assertEquals(200, consume(user, "use-3", "sticker-cat", 1).status());
        assertProblem(LambdaApi.as(user).get("/entitlements/sticker-cat"), 404, "not-entitled");
        assertProblem(consume(user, "use-4", "sticker-cat", 1), 409, "insufficient-quantity");

        assertProblem(consume(user, "use-5", "sticker-dog", 1), 404, "not-entitled");
        assertEquals(201, LambdaApi.as(user).checkout("c-hat", "hat-gold", 1, 99).status());
        assertProblem(consume(user, "use-6", "hat-gold", 1), 409, "not-consumable");
        assertProblem(LambdaApi.as(user).post("/entitlements/sticker-cat/consume", "{\"quantity\":1}", Map.of()), 400,
                "missing-idempotency-key");
        WalletInvariants.assertOwnershipInvariants(user);
    }

    @Test
    void twentyParallelConsumes_ofTen_exactlyTenSucceed() throws Exception {
        String user = funded(1000);
        assertEquals(201, LambdaApi.as(user).checkout("ten", "sticker-cat", 10, 490).status());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "par-" + i;
            answers.add(pool.submit(() -> {
                start.await();
                return retrying(() -> consume(user, key, "sticker-cat", 1));
            }));
        }
        start.countDown();
        int ok = 0;
        int refused = 0;
        for (Future<Response> f : answers) {
            Response r = f.get();
            if (r.status() == 200) {
                ok++;
            } else {
                assertProblem(r, 409, "insufficient-quantity");
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(10, ok);
        assertEquals(10, refused);
        assertEquals(10, WalletInvariants.count(user, "IDEM#consume#"));
        assertEquals(0L, WalletInvariants.itemsOfType(user, "ENT#sticker-cat").stream()
                .mapToLong(i -> Long.parseLong(i.get("quantity").n())).sum());
        WalletInvariants.assertOwnershipInvariants(user);
    }

    // ------------------------------------------------------------------------------------------------ history

    @Test
    void purchases_newestFirst_pagedWithACursor_withStatusAndRefundWindow() {
        String user = funded(1000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response r = LambdaApi.as(user).checkout("h-" + i, "sticker-dog", 1, 49);
            assertEquals(201, r.status(), r.body());
            ids.add(0, r.json().getString("purchaseId"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = cursor == null ? LambdaApi.as(user).get("/purchases", Map.of("limit", "2"))
                    : LambdaApi.as(user).get("/purchases", Map.of("limit", "2", "cursor", cursor));
            assertEquals(200, page.status(), page.body());
            List<Map<String, Object>> purchases = page.json().getList("purchases");
            assertTrue(purchases.size() <= 2);
            purchases.forEach(p -> seen.add((String) p.get("purchaseId")));
            if (pages == 0) {
                Map<String, Object> newest = purchases.get(0);
                assertEquals("COMPLETED", newest.get("status"));
                assertEquals("sticker-dog", newest.get("sku"));
                assertEquals(49, newest.get("priceCredits"));
                Instant at = Instant.parse((String) newest.get("purchasedAt"));
                assertEquals(at.plus(Duration.ofMinutes(15)).toString(), newest.get("refundableUntil"));
                assertTrue(newest.containsKey("recognizedMinor"));
                assertEquals("CONSUMABLE", ((List<Map<String, Object>>) newest.get("grants")).get(0).get("type"));
            }
            cursor = page.json().getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(ids, seen, "newest first, each once");
        assertEquals(3, pages);
        assertProblem(LambdaApi.as(user).get("/purchases", Map.of("limit", "0")), 400, "invalid-limit");
        assertProblem(LambdaApi.as(user).get("/purchases", Map.of("cursor", "nope")), 400, "invalid-cursor");
    }

    // ------------------------------------------------------------------------------------------------ refunds

    @Test
    void refund_returnsCredits_revokes_isIdempotent_andOnlyOnce() {
        String user = funded(500);
        Response bought = LambdaApi.as(user).checkout("r-1", "hat-gold", 1, 99);
        String id = bought.json().getString("purchaseId");
        Response r = refund(user, "ref-1", id);
        assertEquals(200, r.status(), r.body());
        assertEquals(99, r.json().getInt("returnedCredits"));
        assertEquals(0, r.json().getInt("notReturnedCredits"));
        assertEquals(0, r.json().getInt("takenBackCredits"), "no loyalty program here: nothing earned, nothing taken back");
        assertEquals(500, r.json().getInt("balanceAfterCredits"));
        assertEquals("false", r.header("Idempotent-Replayed"));
        assertEquals(500, balance(user));
        assertProblem(LambdaApi.as(user).get("/entitlements/hat-gold"), 404, "not-entitled");

        Response replay = refund(user, "ref-1", id);
        assertEquals(200, replay.status());
        assertEquals(r.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertProblem(refund(user, "ref-2", id), 409, "already-refunded");
        assertEquals(500, balance(user), "credited once");

        Map<String, Object> listed = LambdaApi.as(user).get("/purchases").json().getMap("purchases[0]");
        assertEquals("REFUNDED", listed.get("status"));
        assertNull(listed.get("refundableUntil"));
        assertNotNull(listed.get("refundedAt"));
        // a revoked unlock can be bought again
        assertEquals(201, LambdaApi.as(user).checkout("r-2", "hat-gold", 1, 99).status());
        WalletInvariants.assertMoneyInvariants(user);
        WalletInvariants.assertOwnershipInvariants(user);
    }

    @Test
    void refund_refusedWhenUsed_afterTheWindow_unknown_orAnotherUsersPurchase() {
        String user = funded(1000);
        String cats = LambdaApi.as(user).checkout("u-1", "sticker-cat", 2, 98).json().getString("purchaseId");
        assertEquals(200, consume(user, "u-use", "sticker-cat", 1).status());
        Response used = refund(user, "u-ref", cats);
        assertProblem(used, 409, "already-used");
        assertEquals("sticker-cat", used.json().getString("sku"));

        String dog = LambdaApi.as(user).checkout("u-2", "sticker-dog", 1, 49).json().getString("purchaseId");
        Instant old = Instant.now().minus(Duration.ofMinutes(16));
        // the purchase record is its ledger entry (wallet v2)
        String dogEntry = WalletInvariants.purchaseItems(user).stream().filter(i -> i.get("purchaseId").s().equals(dog))
                .findFirst().orElseThrow().get("sk").s();
        setAttribute(user, dogEntry, "at", AttributeValue.fromS(old.toString()));
        Response late = refund(user, "u-late", dog);
        assertProblem(late, 409, "refund-window-closed");
        assertEquals(old.plus(Duration.ofMinutes(15)).toString(), late.json().getString("refundableUntil"));

        assertProblem(refund(user, "u-none", "pur_000000000000000000000000"), 404, "purchase-not-found");
        assertProblem(refund(user, "u-bad", "not-a-purchase"), 404, "purchase-not-found");
        String other = funded(100);
        assertProblem(refund(other, "o-1", cats), 404, "purchase-not-found");
        assertEquals(1000 - 98 - 49, balance(user));
        WalletInvariants.assertOwnershipInvariants(user);
    }

    @Test
    void refund_ofAPass_takesBackTheTimeItAdded() {
        String user = funded(1000);
        Response first = LambdaApi.as(user).checkout("p-1", "day-pass", 1, 149);
        Response second = LambdaApi.as(user).checkout("p-2", "day-pass", 1, 149);
        Response r = refund(user, "p-ref", second.json().getString("purchaseId"));
        assertEquals(200, r.status(), r.body());
        assertEquals(first.json().getString("grants[0].activeUntil"),
                LambdaApi.as(user).get("/entitlements/day-pass").json().getString("activeUntil"));
        assertEquals(1000 - 149, balance(user));
        WalletInvariants.assertOwnershipInvariants(user);
    }

    @Test
    void refundLimit_perThirtyDays_429WithRetryAfter() {
        String user = funded(1000);
        for (int i = 0; i < 3; i++) {
            String id = LambdaApi.as(user).checkout("l-" + i, "sticker-cat", 1, 49).json().getString("purchaseId");
            assertEquals(200, refund(user, "lr-" + i, id).status());
        }
        String fourth = LambdaApi.as(user).checkout("l-3", "sticker-cat", 1, 49).json().getString("purchaseId");
        Response limited = refund(user, "lr-3", fourth);
        assertProblem(limited, 429, "refund-limit-reached");
        assertEquals(3, limited.json().getInt("maxPer30Days"));
        assertNotNull(limited.header("Retry-After"));
        assertTrue(Long.parseLong(limited.header("Retry-After")) > Duration.ofDays(29).toSeconds());
        assertEquals(1000 - 49, balance(user));
        WalletInvariants.assertMoneyInvariants(user);
    }

    @Test
    void refundRacingConsume_ofTheSamePurchase_exactlyOneWins() throws Exception {
        String user = funded(2000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String id = LambdaApi.as(user).checkout("race-" + round, "sticker-cat", 1, 49).json().getString("purchaseId");
                CountDownLatch start = new CountDownLatch(1);
                String n = Integer.toString(round);
                Future<Response> refunded = pool.submit(() -> {
                    start.await();
                    return retrying(() -> refund(user, "race-ref-" + n, id));
                });
                Future<Response> consumed = pool.submit(() -> {
                    start.await();
                    return retrying(() -> consume(user, "race-use-" + n, "sticker-cat", 1));
                });
                start.countDown();
                Response a = refunded.get();
                Response b = consumed.get();
                assertEquals(1, (a.status() == 200 ? 1 : 0) + (b.status() == 200 ? 1 : 0), a.body() + " / " + b.body());
                if (a.status() == 200) {
                    assertProblem(b, 409, "insufficient-quantity");
                } else {
                    assertProblem(a, 409, "already-used");
                }
                WalletInvariants.assertMoneyInvariants(user);
                WalletInvariants.assertOwnershipInvariants(user);
            }
        } finally {
            pool.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------ access check

    private static Response asService(String path, boolean withJwt) throws Exception {
        String event = (withJwt ? LambdaApi.as("some-user") : LambdaApi.anonymous()).event("GET", path, Map.of(), null, Map.of());
        ObjectNode tree = (ObjectNode) JSON.readTree(event);
        ObjectNode authorizer = ((ObjectNode) tree.get("requestContext")).with("authorizer");
        ObjectNode iam = authorizer.putObject("iam");
        iam.put("accessKey", "ASIAEXAMPLE");
        iam.put("accountId", "123456789012");
        iam.put("callerId", "AROAEXAMPLE:content-server");
        iam.put("userArn", "arn:aws:sts::123456789012:assumed-role/content-server/i-0abc");
        iam.put("userId", "AROAEXAMPLE:content-server");
        return LambdaApi.invoke(tree.toString());
    }

    @Test
    void access_isForIamCallersOnly_andAnswersWhatTheUserHolds() throws Exception {
        String user = funded(500);
        assertEquals(201, LambdaApi.as(user).checkout("a-1", "article-fees", 1, 199).status());
        Response entitled = asService("/access/" + user + "/article-fees", false);
        assertEquals(200, entitled.status(), entitled.body());
        assertEquals(user, entitled.json().getString("userId"));
        assertTrue(entitled.json().getBoolean("entitled"));
        assertEquals(1, entitled.json().getInt("quantity"));

        Response not = asService("/access/" + user + "/hat-gold", false);
        assertEquals(200, not.status());
        assertFalse(not.json().getBoolean("entitled"));
        assertEquals(0, not.json().getInt("quantity"));

        // an end user's token never reaches it: JWT claims (even alongside an IAM identity) or no identity at all
        assertProblem(LambdaApi.as(user).get("/access/" + user + "/article-fees"), 403, "forbidden");
        assertProblem(asService("/access/" + user + "/article-fees", true), 403, "forbidden");
        assertProblem(LambdaApi.anonymous().get("/access/" + user + "/article-fees"), 403, "forbidden");
    }
}

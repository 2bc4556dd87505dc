package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import dev.coinslot.support.LogSecretScan;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.extension.ExtendWith;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checkout function's HTTP surface, driven as API Gateway events through the Lambda mock event server. */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class CheckoutFunctionTest {

    private String fundedUser(long credits) {
        String user = Wallets.newUser("buyer");
        Wallets.fund(user, credits);
        return user;
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"), r.body());
        assertEquals(status, r.json().getInt("status"));
    }

    @Test
    void catalog_isPublic_listsSkusWithPriceCredits() {
        Response r = LambdaApi.anonymous().get("/catalog");
        assertEquals(200, r.status());
        List<Map<String, Object>> skus = r.json().getList("skus");
        assertEquals(6, skus.size());
        assertEquals("sticker-cat", skus.get(0).get("sku"));
        assertEquals(49, skus.get(0).get("priceCredits"));
        Map<String, Object> bundle = skus.stream().filter(s -> "BUNDLE".equals(s.get("kind"))).findFirst().orElseThrow();
        assertEquals(249, bundle.get("priceCredits"));
        assertEquals(2, ((List<?>) bundle.get("items")).size());
    }

    @Test
    void wallet_withoutJwtClaims_returns401Problem() {
        assertProblem(LambdaApi.anonymous().get("/wallet"), 401, "unauthorized");
        assertProblem(LambdaApi.anonymous().get("/wallet/ledger"), 401, "unauthorized");
        assertProblem(LambdaApi.anonymous().checkout("k1", "sticker-cat", 1, 49), 401, "unauthorized");
    }

    @Test
    void wallet_userIdInHeaderOrQuery_isIgnored() {
        String rich = fundedUser(500);
        Response r = LambdaApi.anonymous().send("GET", "/wallet", Map.of("X-User-Id", rich, "X-Demo-User", rich), null,
                Map.of("userId", rich));
        assertProblem(r, 401, "unauthorized");
    }

    @Test
    void wallet_newUser_isEmptyActiveInDeploymentCurrency() {
        Response r = LambdaApi.as(Wallets.newUser("new")).get("/wallet");
        assertEquals(200, r.status());
        assertEquals(0, r.json().getLong("balanceCredits"));
        assertEquals("ACTIVE", r.json().getString("status"));
        assertEquals("USD", r.json().getString("currency"));
    }

    @Test
    void checkout_withEnoughCredits_debitsOnceWithLedgerAndPurchase() {
        String user = fundedUser(200);
        Response r = LambdaApi.as(user).checkout("key-1", "hat-gold", 1, 99);
        assertEquals(201, r.status(), r.body());
        assertTrue(r.json().getString("purchaseId").startsWith("pur_"));
        assertEquals("hat-gold", r.json().getString("sku"));
        assertEquals(1, r.json().getInt("quantity"));
        assertEquals(99, r.json().getLong("priceCredits"));
        assertEquals(101, r.json().getLong("balanceAfterCredits"));
        assertEquals("false", r.header("Idempotent-Replayed"));

        assertEquals(101, LambdaApi.as(user).get("/wallet").json().getLong("balanceCredits"));
        assertEquals(101, WalletInvariants.assertConsistent(user));
        assertEquals(1, WalletInvariants.purchaseCount(user));
        assertEquals(1, WalletInvariants.count(user, "IDEM#"));
    }

    @Test
    void checkout_quantityTimesPrice_isCharged() {
        String user = fundedUser(200);
        Response r = LambdaApi.as(user).checkout("key-q", "sticker-cat", 3, 147);
        assertEquals(201, r.status(), r.body());
        assertEquals(49, r.json().getLong("unitPriceCredits"));
        assertEquals(147, r.json().getLong("priceCredits"));
        assertEquals(53, WalletInvariants.assertConsistent(user));
    }

    @Test
    void checkout_insufficientCredits_returns402WithShortfallAndSmallestCoveringPack() {
        String user = fundedUser(50);
        Response r = LambdaApi.as(user).checkout("key-short", "article-fees", 1, 199);
        assertProblem(r, 402, "insufficient-credits");
        assertEquals(149, r.json().getLong("shortfallCredits"));
        assertEquals(50, r.json().getLong("balanceCredits"));
        assertEquals("starter", r.json().getString("suggestedPack.packId"));
        assertEquals(500, r.json().getLong("suggestedPack.credits"));
        assertEquals(50, WalletInvariants.assertConsistent(user));
        assertEquals(0, WalletInvariants.purchaseCount(user));
        assertEquals(0, WalletInvariants.count(user, "IDEM#"));
    }

    @Test
    void checkout_shortThenToppedUp_sameKeySucceeds() {
        String user = fundedUser(10);
        assertProblem(LambdaApi.as(user).checkout("key-retry", "hat-gold", 1, 99), 402, "insufficient-credits");
        Wallets.fund(user, 100);
        Response r = LambdaApi.as(user).checkout("key-retry", "hat-gold", 1, 99);
        assertEquals(201, r.status(), r.body());
        assertEquals(11, WalletInvariants.assertConsistent(user));
    }

    @Test
    void checkout_priceChanged_returns409WithCurrentPrice_andWritesNothing() {
        String user = fundedUser(500);
        Response r = LambdaApi.as(user).checkout("key-price", "hat-gold", 2, 99);
        assertProblem(r, 409, "price-changed");
        assertEquals(198, r.json().getLong("currentPriceCredits"));
        assertEquals(99, r.json().getLong("unitPriceCredits"));
        assertEquals(500, WalletInvariants.assertConsistent(user));
        assertEquals(0, WalletInvariants.count(user, "IDEM#"));
    }

    @Test
    void checkout_unknownSku_returns404() {
        String user = fundedUser(500);
        assertProblem(LambdaApi.as(user).checkout("key-unknown", "no-such-thing", 1, 10), 404, "unknown-sku");
        assertEquals(500, WalletInvariants.assertConsistent(user));
    }

    @Test
    void checkout_frozenWallet_returns423() {
        String user = fundedUser(500);
        LambdaApi.as(user).get("/wallet");
        Wallets.setStatus(user, "FROZEN");
        assertProblem(LambdaApi.as(user).checkout("key-frozen", "hat-gold", 1, 99), 423, "wallet-frozen");
        assertEquals(500, WalletInvariants.assertConsistent(user));
        assertEquals(0, WalletInvariants.purchaseCount(user));
    }

    @Test
    void checkout_replaySameKeySameBody_returnsIdenticalAnswerWithoutSecondDebit() {
        String user = fundedUser(300);
        Response first = LambdaApi.as(user).checkout("key-replay", "hat-gold", 1, 99);
        Response second = LambdaApi.as(user).checkout("key-replay", "hat-gold", 1, 99);
        Wallets.fund(user, 1); // the function's remembered wallet is now stale
        Response third = LambdaApi.as(user).checkout("key-replay", "hat-gold", 1, 99);
        assertEquals(201, first.status());
        assertEquals(first.status(), second.status());
        assertEquals(first.body(), second.body());
        assertEquals(first.body(), third.body());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(202, WalletInvariants.assertConsistent(user));
        assertEquals(1, WalletInvariants.purchaseCount(user));
    }

    @Test
    void checkout_sameKeyDifferentRequest_returns422AndWritesNothing() {
        String user = fundedUser(300);
        assertEquals(201, LambdaApi.as(user).checkout("key-reuse", "hat-gold", 1, 99).status());
        assertProblem(LambdaApi.as(user).checkout("key-reuse", "sticker-cat", 1, 49), 422, "idempotency-key-reuse");
        assertProblem(LambdaApi.as(user).checkout("key-reuse", "hat-gold", 2, 198), 422, "idempotency-key-reuse");
        assertEquals(201, WalletInvariants.assertConsistent(user));
    }

    @Test
    void checkout_replayAfterPriceOrBalanceChange_stillReturnsOriginalAnswer() {
        String user = fundedUser(99);
        Response first = LambdaApi.as(user).checkout("key-stable", "hat-gold", 1, 99);
        assertEquals(201, first.status());
        // balance is now 0: a fresh request would be 402, but the replay returns the stored 201
        Response replay = LambdaApi.as(user).checkout("key-stable", "hat-gold", 1, 99);
        assertEquals(201, replay.status(), replay.body());
        assertEquals(first.body(), replay.body());
    }

    @Test
    void checkout_idempotencyKeysAreScopedToTheUser() {
        String alice = fundedUser(100);
        String bob = fundedUser(100);
        Response a = LambdaApi.as(alice).checkout("shared-key", "hat-gold", 1, 99);
        Response b = LambdaApi.as(bob).checkout("shared-key", "sticker-cat", 1, 49);
        assertEquals(201, a.status());
        assertEquals(201, b.status(), b.body());
        assertNotEquals(a.json().getString("purchaseId"), b.json().getString("purchaseId"));
        assertEquals(1, WalletInvariants.assertConsistent(alice));
        assertEquals(51, WalletInvariants.assertConsistent(bob));
    }

    @Test
    void checkout_missingIdempotencyKey_returns400() {
        String user = fundedUser(100);
        assertProblem(LambdaApi.as(user).checkout(null, "hat-gold", 1, 99), 400, "missing-idempotency-key");
        assertEquals(100, WalletInvariants.assertConsistent(user));
    }

    @Test
    void checkout_idempotencyKeyWithCommas_isRejoinedNotSplit() {
        String user = fundedUser(200);
        Response first = LambdaApi.as(user).checkout("a,b,c", "sticker-cat", 1, 49);
        Response replay = LambdaApi.as(user).checkout("a,b,c", "sticker-cat", 1, 49);
        Response other = LambdaApi.as(user).checkout("a", "sticker-cat", 1, 49);
        assertEquals(201, first.status(), first.body());
        assertEquals(first.body(), replay.body());
        assertEquals(201, other.status());
        assertNotEquals(first.json().getString("purchaseId"), other.json().getString("purchaseId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sku\":\"hat-gold\",\"quantity\":0,\"expectedPriceCredits\":0}",
            "{\"sku\":\"hat-gold\",\"quantity\":-1,\"expectedPriceCredits\":99}",
            "{\"sku\":\"hat-gold\",\"quantity\":101,\"expectedPriceCredits\":9999}",
            "{\"sku\":\"hat-gold\",\"quantity\":1.5,\"expectedPriceCredits\":99}",
            "{\"sku\":\"hat-gold\",\"quantity\":\"1\",\"expectedPriceCredits\":99}",
            "{\"sku\":\"hat-gold\",\"quantity\":99999999999999999999,\"expectedPriceCredits\":99}",
            "{\"sku\":\"hat-gold\",\"expectedPriceCredits\":99}",
            "{\"sku\":\"hat-gold\",\"quantity\":1}",
            "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":-99}",
            "{\"sku\":\"\",\"quantity\":1,\"expectedPriceCredits\":99}",
            "{\"sku\":123,\"quantity\":1,\"expectedPriceCredits\":99}",
            "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":99,\"userId\":\"someone-else\"}",
            "{\"sku\":\"hat-gold\",\"quantity\":1,",
            "[]",
            "null",
            ""})
    void checkout_badBody_returns400ProblemAndWritesNothing(String body) {
        String user = fundedUser(100);
        Response r = LambdaApi.as(user).post("/checkout", body, Map.of("Idempotency-Key", "bad-" + body.hashCode()));
        assertEquals(400, r.status(), body + " -> " + r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertThat(r.json().getString("type"), startsWith("https://coinslot.dev/problems/"));
        assertEquals(100, WalletInvariants.assertConsistent(user));
        assertEquals(0, WalletInvariants.count(user, "IDEM#"));
    }

    @Test
    void checkout_wrongContentType_returns415Problem() {
        String user = fundedUser(100);
        Response r = LambdaApi.as(user).post("/checkout", "sku=hat-gold", Map.of("Idempotency-Key", "ct",
                "Content-Type", "text/plain"));
        assertProblem(r, 415, "unsupported-media-type");
        assertEquals(100, WalletInvariants.assertConsistent(user));
    }

    @Test
    void ledger_isNewestFirst_andPaginatesWithOpaqueCursor() {
        String user = fundedUser(1000);
        for (int i = 0; i < 5; i++) {
            assertEquals(201, LambdaApi.as(user).checkout("page-" + i, "sticker-cat", 1, 49).status());
        }
        Response page1 = LambdaApi.as(user).get("/wallet/ledger", Map.of("limit", "4"));
        assertEquals(200, page1.status(), page1.body());
        List<Integer> seq1 = page1.json().getList("entries.sequence");
        assertEquals(List.of(6, 5, 4, 3), seq1);
        assertEquals("PURCHASE", page1.json().getString("entries[0].type"));
        assertEquals(-49, page1.json().getLong("entries[0].amountCredits"));
        assertEquals(755, page1.json().getLong("entries[0].balanceAfterCredits"));
        String cursor = page1.json().getString("nextCursor");
        Response page2 = LambdaApi.as(user).get("/wallet/ledger", Map.of("limit", "4", "cursor", cursor));
        assertEquals(List.of(2, 1), page2.json().getList("entries.sequence"));
        assertEquals("GRANT", page2.json().getString("entries[1].type"));
        assertNull(page2.json().getString("nextCursor"));
    }

    @Test
    void ledger_badLimitOrCursor_returns400() {
        String user = fundedUser(10);
        assertProblem(LambdaApi.as(user).get("/wallet/ledger", Map.of("limit", "0")), 400, "invalid-limit");
        assertProblem(LambdaApi.as(user).get("/wallet/ledger", Map.of("limit", "abc")), 400, "invalid-limit");
        assertProblem(LambdaApi.as(user).get("/wallet/ledger", Map.of("limit", "101")), 400, "invalid-limit");
        assertProblem(LambdaApi.as(user).get("/wallet/ledger", Map.of("cursor", "not-a-cursor")), 400, "invalid-cursor");
    }

    @Test
    void routesOfOtherFunctions_answer404OnTheCheckoutFunction() {
        String user = fundedUser(100);
        assertProblem(LambdaApi.as(user).post("/dev/grant", "{\"credits\":5}", Map.of()), 404, "not-found");
        assertProblem(LambdaApi.as(user).get("/topups/packs"), 404, "not-found");
        assertProblem(LambdaApi.as(user).get("/q/openapi"), 404, "not-found");
        assertEquals(100, WalletInvariants.assertConsistent(user));
    }
}

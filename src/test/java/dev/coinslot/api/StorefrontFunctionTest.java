package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.Parallel;
import dev.coinslot.support.StorefrontProfile;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The storefront end to end: the operator imports a catalog document with a once-per-user starter offer, a chance SKU
 * and a rotation; users see it personalised on {@code GET /storefront}, buy at the offer price exactly once each even
 * in parallel, draw chance outcomes that replay identically, and lose retired SKUs.
 */
@QuarkusTest
@TestProfile(StorefrontProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@ExtendWith(LogSecretScan.class)
class StorefrontFunctionTest {

    static final String SCOPE = "coinslot/operator";
    static final LambdaApi OPERATOR = LambdaApi.as("operator-1").withScopes(SCOPE);

    static String skus(String extraSkus) {
        return """
                [{"sku":"sticker-cat","name":"Cat sticker","kind":"sticker","priceCredits":49},
                 {"sku":"sticker-dog","name":"Dog sticker","kind":"sticker","priceCredits":49},
                 {"sku":"hat-gold","name":"Golden hat","kind":"cosmetic","priceCredits":99},
                 {"sku":"article-fees","name":"Article","kind":"article","priceCredits":199},
                 {"sku":"sticker-pack","name":"Sticker pack","kind":"bundle","priceCredits":249,
                  "items":[{"sku":"sticker-cat","quantity":3},{"sku":"sticker-dog","quantity":3}]},
                 {"sku":"crown-vip","name":"VIP crown","kind":"cosmetic","priceCredits":500,"segments":["high-spender"]},
                 {"sku":"mystery-box","name":"Mystery box","kind":"chance","priceCredits":30,
                  "outcomes":[{"sku":"sticker-cat","weight":3},{"sku":"hat-gold","weight":1}]}%s]""".formatted(extraSkus);
    }

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static String document() {
        return """
                {"skus":%s,
                 "offers":[{"offerId":"starter-hat","sku":"hat-gold","priceCredits":9,"startsAt":"%s","endsAt":"%s",
                            "perUserLimit":1,"segments":["new"]}],
                 "rotation":{"pool":["sticker-cat","sticker-dog","hat-gold","article-fees"],"slots":2}}"""
                .formatted(skus(""), NOW.minusSeconds(3600), NOW.plus(1, ChronoUnit.DAYS));
    }

    @BeforeEach
    void importCatalog() {
        Response r = OPERATOR.put("/admin/catalog", document());
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void storefront_showsANewUserTheStarterOffer_withListPriceEndAndRemaining() {
        String user = Wallets.newUser("store-new");
        Response r = LambdaApi.as(user).get("/storefront");
        assertEquals(200, r.status(), r.body());
        assertEquals("new", r.json().getString("segment"));
        Map<String, Object> hat = item(r, "hat-gold");
        assertEquals(9, hat.get("priceCredits"));
        assertEquals(99, hat.get("listPriceCredits"));
        assertEquals("starter-hat", hat.get("offerId"));
        assertEquals(NOW.plus(1, ChronoUnit.DAYS).toString(), hat.get("offerEndsAt"));
        assertEquals(1, hat.get("remainingForYou"));
        assertNull(item(r, "sticker-cat").get("offerId"));
        assertTrue(r.json().getList("items.sku").stream().noneMatch("crown-vip"::equals), "a high-spender sku is not shown");
        List<String> featured = r.json().getList("featured");
        assertEquals(2, featured.size());
        assertTrue(Set.of("sticker-cat", "sticker-dog", "hat-gold", "article-fees").containsAll(featured));
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                r.json().getString("nextRotationAt"));
        Map<String, Object> box = item(r, "mystery-box");
        assertEquals(List.of("75.00", "25.00"), ((List<?>) box.get("odds")).stream()
                .map(o -> String.valueOf(((Map<?, ?>) o).get("percent"))).map(p -> new java.math.BigDecimal(p).setScale(2).toString())
                .toList());
    }

    @Test
    void publicCatalog_staysPersonalDataFree_listPricesAndOddsOnly() {
        Response r = LambdaApi.anonymous().get("/catalog");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().getList("skus.sku").contains("mystery-box"));
        assertTrue(!r.json().getList("skus.sku").contains("crown-vip"), "segment-only skus are not public");
        assertEquals(99, r.json().getInt("skus.find { it.sku == 'hat-gold' }.priceCredits"));
        assertEquals(2, r.json().getList("skus.find { it.sku == 'mystery-box' }.odds").size());
        assertTrue(!r.body().contains("segment") && !r.body().contains("remainingForYou"), r.body());
    }

    @Test
    void twentyParallelPurchasesOfAOncePerUserOffer_exactlyOneSucceedsPerUser() throws Exception {
        List<String> users = List.of(Wallets.newUser("once-a"), Wallets.newUser("once-b"), Wallets.newUser("once-c"));
        users.forEach(u -> Wallets.fund(u, 1_000));
        List<Response> responses = Parallel.run(60, 20, i -> LambdaApi.as(users.get(i % 3)).checkout("starter-" + i, "hat-gold", 1, 9));
        for (int u = 0; u < users.size(); u++) {
            int user = u;
            List<Response> mine = new ArrayList<>();
            for (int i = user; i < responses.size(); i += 3) {
                mine.add(responses.get(i));
            }
            Map<Integer, Long> byStatus = mine.stream().collect(Collectors.groupingBy(Response::status, TreeMap::new,
                    Collectors.counting()));
            assertEquals(1L, byStatus.get(201), () -> byStatus + " " + mine.stream().map(Response::body).toList());
            assertTrue(Set.of(201, 409, 503).containsAll(byStatus.keySet()), byStatus.toString());
            mine.stream().filter(r -> r.status() == 409).forEach(r -> {
                assertEquals("https://coinslot.dev/problems/price-changed", r.json().getString("type"));
                assertEquals(99, r.json().getInt("currentPriceCredits"));
            });
            assertEquals(1_000 - 9, WalletInvariants.assertConsistent(users.get(user)));
            assertEquals(1, WalletInvariants.purchaseCount(users.get(user)));
            // the limit is spent: the storefront now shows the list price (and the user is no longer new)
            Response view = LambdaApi.as(users.get(user)).get("/storefront");
            assertEquals("returning", view.json().getString("segment"));
            assertEquals(99, item(view, "hat-gold").get("priceCredits"));
        }
    }

    @Test
    void offerPurchase_answersTheOffer_andAfterwardsTheListPriceIsCharged() {
        String user = Wallets.newUser("offer-once");
        Wallets.fund(user, 500);
        Response first = LambdaApi.as(user).checkout("k1", "hat-gold", 1, 9);
        assertEquals(201, first.status(), first.body());
        assertEquals("starter-hat", first.json().getString("offerId"));
        assertEquals(9, first.json().getInt("unitPriceCredits"));
        Response again = LambdaApi.as(user).checkout("k2", "hat-gold", 1, 9);
        assertEquals(409, again.status(), again.body());
        Response list = LambdaApi.as(user).checkout("k3", "hat-gold", 1, 99);
        assertEquals(201, list.status(), list.body());
        assertNull(list.json().get("offerId"));
        assertEquals(500 - 9 - 99, WalletInvariants.assertConsistent(user));
    }

    @Test
    void chancePurchase_drawsAnOutcome_storedWithThePurchase_andReplayedIdentically() {
        String user = Wallets.newUser("chance");
        Wallets.fund(user, 500);
        Response first = LambdaApi.as(user).checkout("box-1", "mystery-box", 3, 90);
        assertEquals(201, first.status(), first.body());
        List<String> outcome = first.json().getList("outcome");
        assertEquals(3, outcome.size());
        assertTrue(Set.of("sticker-cat", "hat-gold").containsAll(outcome), outcome.toString());
        Response replay = LambdaApi.as(user).checkout("box-1", "mystery-box", 3, 90);
        assertEquals(201, replay.status());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(first.body(), replay.body());
        assertEquals(outcome, WalletInvariants.purchaseItems(user).get(0).get("drawnSkus").l().stream()
                .map(v -> v.s()).toList());
    }

    @Test
    void retiredSku_leavesCatalogStorefrontAndCheckout_butStaysInTheDocument() {
        String user = Wallets.newUser("retired");
        Wallets.fund(user, 500);
        Response retired = OPERATOR.post("/admin/catalog/skus/article-fees/retire", null, Map.of());
        assertEquals(200, retired.status(), retired.body());
        assertTrue(!LambdaApi.anonymous().get("/catalog").json().getList("skus.sku").contains("article-fees"));
        assertTrue(!LambdaApi.as(user).get("/storefront").json().getList("items.sku").contains("article-fees"));
        Response buy = LambdaApi.as(user).checkout("old", "article-fees", 1, 199);
        assertEquals(404, buy.status(), buy.body());
        assertEquals("https://coinslot.dev/problems/unknown-sku", buy.json().getString("type"));
        assertEquals(true, OPERATOR.get("/admin/catalog").json().get("skus.find { it.sku == 'article-fees' }.retired"));
        assertEquals(500, WalletInvariants.assertConsistent(user));
    }

    @Test
    void priceChangedByTheOperator_betweenDisplayAndTap_is409_neverCharged() {
        String user = Wallets.newUser("repriced");
        Wallets.fund(user, 500);
        assertEquals(49, item(LambdaApi.as(user).get("/storefront"), "sticker-dog").get("priceCredits"));
        Response put = OPERATOR.put("/admin/catalog/skus/sticker-dog",
                "{\"name\":\"Dog sticker\",\"kind\":\"sticker\",\"priceCredits\":59}");
        assertEquals(200, put.status(), put.body());
        Response buy = LambdaApi.as(user).checkout("dog", "sticker-dog", 2, 98);
        assertEquals(409, buy.status(), buy.body());
        assertEquals(118, buy.json().getInt("currentPriceCredits"));
        assertEquals(500, WalletInvariants.assertConsistent(user));
    }

    @Test
    void changes_areAuditedWithOperatorAndBeforeAfter() {
        OPERATOR.put("/admin/catalog/skus/sticker-cat", "{\"name\":\"Cat sticker\",\"kind\":\"sticker\",\"priceCredits\":45}");
        Response changes = OPERATOR.get("/admin/catalog/changes", Map.of("limit", "1"));
        assertEquals(200, changes.status(), changes.body());
        assertEquals("operator-1", changes.json().getString("changes[0].operator"));
        assertEquals("put-sku", changes.json().getString("changes[0].action"));
        assertEquals("sticker-cat", changes.json().getString("changes[0].sku"));
        assertEquals(49, changes.json().getInt("changes[0].skuBefore.priceCredits"));
        assertEquals(45, changes.json().getInt("changes[0].skuAfter.priceCredits"));
        long version = changes.json().getLong("changes[0].version");
        assertEquals(version, OPERATOR.get("/admin/catalog").json().getLong("version"));
        // the next page starts below it
        Response older = OPERATOR.get("/admin/catalog/changes", Map.of("limit", "1", "before", Long.toString(version)));
        assertEquals(version - 1, older.json().getLong("changes[0].version"));
    }

    /** Hostile purchases on the storefront's money paths: each a 4xx problem, the table unchanged. */
    static List<HostileRequest> hostilePurchases() {
        String user = Wallets.newUser("store-hostile");
        Wallets.fund(user, 1_000);
        LambdaApi as = LambdaApi.as(user);
        Map<String, String> key = Map.of("Idempotency-Key", "hostile-1");
        String body = "{\"sku\":\"%s\",\"quantity\":%d,\"expectedPriceCredits\":%d%s}";
        return List.of(
                HostileRequest.of("a high-spender sku bought by a new user", as, "POST", "/checkout", key,
                        body.formatted("crown-vip", 1, 500, ""), 404, "unknown-sku"),
                HostileRequest.of("the starter offer's price for two units (limit one)", as, "POST", "/checkout", key,
                        body.formatted("hat-gold", 2, 18, ""), 409, "price-changed"),
                HostileRequest.of("an offer price for a sku without an offer", as, "POST", "/checkout", key,
                        body.formatted("sticker-cat", 1, 9, ""), 409, "price-changed"),
                HostileRequest.of("an offer id in the body", as, "POST", "/checkout", key,
                        body.formatted("hat-gold", 1, 9, ",\"offerId\":\"starter-hat\""), 400, "malformed-request"),
                HostileRequest.of("a chosen chance outcome in the body", as, "POST", "/checkout", key,
                        body.formatted("mystery-box", 1, 30, ",\"outcome\":[\"hat-gold\"]"), 400, "malformed-request"),
                HostileRequest.of("a segment in the body", as, "POST", "/checkout", key,
                        body.formatted("crown-vip", 1, 500, ",\"segment\":\"high-spender\""), 400, "malformed-request"),
                HostileRequest.of("the storefront with a segment in the query", LambdaApi.anonymous(), "GET", "/storefront",
                        Map.of(), null, 401, "unauthorized").withQuery(Map.of("segment", "high-spender")),
                HostileRequest.of("an admin route with a user token", as, "PUT", "/admin/catalog/skus/hat-gold", Map.of(),
                        "{\"name\":\"Hat\",\"kind\":\"cosmetic\",\"priceCredits\":1}", 403, "forbidden"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePurchases")
    void hostilePurchase_isRefused_andWritesNothing(HostileRequest request) {
        request.assertRefusedWritingNothing();
    }

    private static Map<String, Object> item(Response r, String sku) {
        return r.json().getMap("items.find { it.sku == '" + sku + "' }");
    }
}

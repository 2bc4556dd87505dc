package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.ExperimentProfile;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A price experiment end to end: the operator defines it; each user sees one sticky variant price on
 * {@code GET /storefront} and is charged exactly that at checkout (the other price is a 409); the public catalog shows
 * the control; the report counts the exposed users per variant; a stop returns everyone to the list price.
 */
@QuarkusTest
@TestProfile(ExperimentProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@ExtendWith(LogSecretScan.class)
class ExperimentFunctionTest {

    static final LambdaApi OPERATOR = LambdaApi.as("operator-exp").withScopes("coinslot/operator");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void importCatalog() {
        Response r = OPERATOR.put("/admin/catalog", """
                {"skus":[{"sku":"exp-sticker","name":"Experiment sticker","kind":"sticker","priceCredits":49},
                         {"sku":"exp-badge","name":"Experiment badge","kind":"cosmetic","priceCredits":20}]}""");
        assertEquals(200, r.status(), r.body());
    }

    private static String definition(String sku, long control, long b, Instant from, Instant to) {
        return """
                {"sku":"%s","variants":[{"name":"control","priceCredits":%d,"weight":1},{"name":"b","priceCredits":%d,"weight":1}],
                 "startsAt":"%s","endsAt":"%s"}""".formatted(sku, control, b, from, to);
    }

    private static long storefrontPrice(LambdaApi user, String sku) {
        Response view = user.get("/storefront");
        assertEquals(200, view.status(), view.body());
        List<Map<String, Object>> items = view.json().getList("items");
        return items.stream().filter(i -> sku.equals(i.get("sku"))).mapToLong(i -> ((Number) i.get("priceCredits")).longValue())
                .findFirst().orElseThrow();
    }

    @Test
    void eachUserPaysTheirStickyVariant_thePublicCatalogShowsTheControl_andAStopEndsIt() {
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = OPERATOR.put("/admin/experiments/" + id,
                definition("exp-sticker", 49, 39, NOW.minusSeconds(60), NOW.plus(1, ChronoUnit.HOURS)));
        assertEquals(201, created.status(), created.body());
        assertEquals("control", created.json().getString("control"));
        Response again = OPERATOR.put("/admin/experiments/" + id,
                definition("exp-sticker", 49, 39, NOW.minusSeconds(60), NOW.plus(1, ChronoUnit.HOURS)));
        assertEquals(200, again.status(), "the same definition again is unchanged: " + again.body());

        Map<Long, Integer> byPrice = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            String userId = Wallets.newUser("exp-user");
            Wallets.fund(userId, 500);
            LambdaApi user = LambdaApi.as(userId);
            long shown = storefrontPrice(user, "exp-sticker");
            assertTrue(shown == 49 || shown == 39, "a variant price: " + shown);
            assertEquals(shown, storefrontPrice(user, "exp-sticker"), "sticky across views");
            byPrice.merge(shown, 1, Integer::sum);
            long other = shown == 49 ? 39 : 49;
            Response refused = user.checkout("k-other-" + i, "exp-sticker", 1, other);
            assertEquals(409, refused.status(), refused.body());
            assertEquals(shown, refused.json().getLong("currentPriceCredits"));
            // warm (the refused checkout above read the wallet): the purchase and its conversion are one transaction
            dev.coinslot.support.RequestCounter.reset();
            Response bought = user.checkout("k-" + i, "exp-sticker", 2, shown * 2);
            assertEquals(201, bought.status(), bought.body());
            // this profile caches neither the catalog document (GetItem) nor the experiments (Query), which an instance
            // otherwise reads once a minute; the checkout's own work is the one transaction, its conversion included
            assertEquals(Map.of("GetItem", 1L, "Query", 1L, "TransactWriteItems", 1L), dev.coinslot.support.RequestCounter.snapshot(),
                    "an experiment-priced checkout writes in one request, its conversion included (no UpdateItem after it)");
            // a replay of the same key answers the stored purchase and counts no second conversion (creditsPerExposed below)
            Response replayed = user.checkout("k-" + i, "exp-sticker", 2, shown * 2);
            assertEquals(201, replayed.status(), replayed.body());
            assertEquals("true", replayed.header("Idempotent-Replayed"));
            assertEquals(shown, bought.json().getLong("unitPriceCredits"));
            assertEquals(500 - shown * 2, bought.json().getLong("balanceAfterCredits"));
            assertEquals(20, storefrontPrice(user, "exp-badge"), "no experiment on the badge");
        }
        assertEquals(2, byPrice.size(), "both variants drew users: " + byPrice);

        Response catalog = LambdaApi.anonymous().get("/catalog");
        List<Map<String, Object>> skus = catalog.json().getList("skus");
        assertEquals(49L, skus.stream().filter(s -> "exp-sticker".equals(s.get("sku")))
                .mapToLong(s -> ((Number) s.get("priceCredits")).longValue()).findFirst().orElseThrow());

        Response report = OPERATOR.get("/admin/experiments/" + id + "/report");
        assertEquals(200, report.status(), report.body());
        assertEquals(24, report.json().getList("variants.exposed", Integer.class).stream().mapToInt(Integer::intValue).sum());
        assertEquals(byPrice.get(49L), report.json().getInt("variants.find { it.name == 'control' }.exposed"));
        assertEquals(byPrice.get(39L), report.json().getInt("variants.find { it.name == 'b' }.exposed"));
        // every exposed user bought once (two units): all converted, at their variant's price
        assertEquals(byPrice.get(49L), report.json().getInt("variants.find { it.name == 'control' }.converters"));
        assertEquals(byPrice.get(39L), report.json().getInt("variants.find { it.name == 'b' }.converters"));
        assertEquals(2 * 39.0, report.json().getDouble("variants.find { it.name == 'b' }.creditsPerExposed"), 1e-9);
        assertEquals(1.0, report.json().getDouble("variants.find { it.name == 'control' }.conversion"), 1e-9);

        Response stopped = OPERATOR.post("/admin/experiments/" + id + "/stop", null, Map.of());
        assertEquals(200, stopped.status(), stopped.body());
        String user = Wallets.newUser("exp-after");
        Wallets.fund(user, 100);
        assertEquals(49, storefrontPrice(LambdaApi.as(user), "exp-sticker"));
        assertEquals(201, LambdaApi.as(user).checkout("k-after", "exp-sticker", 1, 49).status());
        Response changed = OPERATOR.put("/admin/experiments/" + id,
                definition("exp-sticker", 49, 29, NOW.minusSeconds(60), NOW.plus(1, ChronoUnit.HOURS)));
        assertEquals(409, changed.status(), changed.body());
        assertEquals("https://coinslot.dev/problems/experiment-started", changed.json().getString("type"));
    }

    /**
     * Race: 4 keys, each sent by 3 callers at once, for an experiment-priced SKU. Each committed purchase counts one
     * conversion with its credits, because the conversion is written in the purchase's own transaction: the report's
     * credits equal the wallet's debits, and balance = Σ ledger.
     */
    @Test
    void parallelCheckoutsOfAnExperimentSku_countEachCommittedPurchaseOnce() throws Exception {
        String id = "exp-race-" + UUID.randomUUID().toString().substring(0, 6);
        assertEquals(201, OPERATOR.put("/admin/experiments/" + id,
                definition("exp-badge", 20, 15, NOW.minusSeconds(60), NOW.plus(1, ChronoUnit.HOURS))).status());
        try {
            String userId = Wallets.newUser("exp-race");
            Wallets.fund(userId, 1_000);
            LambdaApi user = LambdaApi.as(userId);
            long price = storefrontPrice(user, "exp-badge");
            String variant = price == 20 ? "control" : "b";
            List<Response> answers = dev.coinslot.support.Parallel.run(12, 12,
                    i -> user.checkout("race-" + (i % 4), "exp-badge", 1, price));
            java.util.Set<String> purchases = new java.util.HashSet<>();
            for (Response r : answers) {
                assertEquals(201, r.status(), r.body());
                purchases.add(r.json().getString("purchaseId"));
            }
            assertEquals(4, purchases.size(), "one purchase per key");
            assertEquals(1_000 - 4 * price, dev.coinslot.support.WalletInvariants.assertConsistent(userId));
            assertEquals(4, dev.coinslot.support.WalletInvariants.purchaseCount(userId));
            Response report = OPERATOR.get("/admin/experiments/" + id + "/report");
            assertEquals(200, report.status(), report.body());
            String row = "variants.find { it.name == '" + variant + "' }";
            assertEquals(1, report.json().getInt(row + ".exposed"));
            assertEquals(1, report.json().getInt(row + ".converters"));
            assertEquals(4.0 * price, report.json().getDouble(row + ".creditsPerExposed"), 1e-9,
                    "four purchases' credits, each counted once: " + report.body());
        } finally {
            assertEquals(200, OPERATOR.post("/admin/experiments/" + id + "/stop", null, Map.of()).status());
        }
    }

    @Test
    void aSecondExperimentOnTheSameSkuAndTimeIsRefused_anotherSkuIsNot() {
        String a = "exp-a-" + UUID.randomUUID().toString().substring(0, 6);
        String b = "exp-b-" + UUID.randomUUID().toString().substring(0, 6);
        Instant from = NOW.plus(10, ChronoUnit.DAYS);
        assertEquals(201, OPERATOR.put("/admin/experiments/" + a, definition("exp-badge", 20, 15, from, from.plusSeconds(3600)))
                .status());
        Response overlap = OPERATOR.put("/admin/experiments/" + b, definition("exp-badge", 20, 25, from.plusSeconds(1800),
                from.plusSeconds(7200)));
        assertEquals(409, overlap.status(), overlap.body());
        assertEquals(a, overlap.json().getString("otherExperimentId"));
        assertEquals(201, OPERATOR.put("/admin/experiments/" + b, definition("exp-badge", 20, 25, from.plusSeconds(3600),
                from.plusSeconds(7200))).status(), "back to back is fine");
        Response list = OPERATOR.get("/admin/experiments");
        assertTrue(list.json().getList("experiments.experimentId").containsAll(List.of(a, b)), list.body());
        // not running yet: the storefront and checkout keep the list price
        String user = Wallets.newUser("exp-future");
        assertEquals(20, storefrontPrice(LambdaApi.as(user), "exp-badge"));
    }
}

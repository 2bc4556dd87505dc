package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.AdminFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input and access on every route of the admin function: a token without the operator scope (a user's, a
 * guardian's) gets {@code 403 forbidden} on every route whatever the body, learning nothing; no token gets 401; bad
 * documents from an operator are 4xx problems ({@code 400} for syntax, {@code 422 invalid-catalog} for broken rules);
 * other functions' routes are 404. Every case leaves the whole table unchanged.
 */
@QuarkusTest
@TestProfile(AdminFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@ExtendWith(LogSecretScan.class)
class AdminHostileInputTest {

    static final String SCOPE = "coinslot/operator";
    static final LambdaApi OPERATOR = LambdaApi.as("operator-hostile").withScopes(SCOPE);

    static final String VALID_SKU = "{\"name\":\"Cat sticker\",\"kind\":\"sticker\",\"priceCredits\":49}";
    static final String VALID_DOCUMENT = """
            {"skus":[{"sku":"sticker-cat","name":"Cat sticker","kind":"sticker","priceCredits":49}]}""";

    /** The catalog is in the table before the cases run (a stored document, not the file catalog). */
    @BeforeEach
    void catalogStored() {
        Response r = OPERATOR.put("/admin/catalog/skus/hostile-seed", "{\"name\":\"Seed\",\"kind\":\"cosmetic\",\"priceCredits\":5}");
        assertEquals(200, r.status(), r.body());
        for (String[] e : new String[][] {{"hostile-started", STARTED}, {"hostile-future", FUTURE}}) {
            Response defined = OPERATOR.put("/admin/experiments/" + e[0], e[1]);
            assertTrue(defined.status() == 200 || defined.status() == 201, defined.body());
        }
    }

    static String experiment(String sku, String variants, String startsAt, String endsAt) {
        return "{\"sku\":\"" + sku + "\",\"variants\":[" + variants + "],\"startsAt\":\"" + startsAt + "\",\"endsAt\":\""
                + endsAt + "\"}";
    }

    static final String AB = "{\"name\":\"control\",\"priceCredits\":5,\"weight\":1},{\"name\":\"b\",\"priceCredits\":4,\"weight\":1}";
    /** An experiment that started (and ended) long ago: it can only be stopped. */
    static final String STARTED = experiment("hostile-seed", AB, "2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z");
    static final String FUTURE = experiment("hostile-seed", AB, "2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z");

    /** One request per admin route, with a body that an operator would have applied. */
    static List<String[]> routes() {
        return List.of(
                new String[] {"GET", "/admin/catalog", null},
                new String[] {"PUT", "/admin/catalog", VALID_DOCUMENT},
                new String[] {"PUT", "/admin/catalog/skus/sticker-cat", VALID_SKU},
                new String[] {"POST", "/admin/catalog/skus/hostile-seed/retire", null},
                new String[] {"GET", "/admin/catalog/changes", null},
                new String[] {"GET", "/admin/experiments", null},
                new String[] {"PUT", "/admin/experiments/hostile-new", experiment("hostile-seed", AB, "2031-01-01T00:00:00Z",
                        "2031-02-01T00:00:00Z")},
                new String[] {"POST", "/admin/experiments/hostile-future/stop", null},
                new String[] {"GET", "/admin/experiments/hostile-future/report", null},
                new String[] {"GET", "/admin/metrics", null});
    }

    static List<HostileRequest> access() {
        List<HostileRequest> cases = new ArrayList<>();
        for (String[] route : routes()) {
            String name = route[0] + " " + route[1];
            cases.add(of(name + ": user token", LambdaApi.as(Wallets.newUser("admin-intruder")), route[0], route[1], Map.of(),
                    route[2], 403, "forbidden"));
            cases.add(of(name + ": guardian-scoped token", LambdaApi.as("guardian-x").withScopes("coinslot/guardian"), route[0],
                    route[1], Map.of(), route[2], 403, "forbidden"));
            cases.add(of(name + ": scope as a header", LambdaApi.as("sneaky"), route[0], route[1],
                    Map.of("X-Scope", SCOPE, "Scope", SCOPE), route[2], 403, "forbidden"));
            cases.add(of(name + ": no claims", LambdaApi.anonymous(), route[0], route[1], Map.of(), route[2], 401, "unauthorized"));
        }
        LambdaApi user = LambdaApi.as(Wallets.newUser("admin-intruder"));
        cases.add(of("user token, malformed body: still only 403", user, "PUT", "/admin/catalog", Map.of(), "{\"skus\":", 403,
                "forbidden"));
        cases.add(of("user token, unknown sku: 403, not 404", user, "POST", "/admin/catalog/skus/no-such-sku/retire", Map.of(),
                null, 403, "forbidden"));
        cases.add(of("user token, bad query: 403, not 400", user, "GET", "/admin/catalog/changes", Map.of(), null, 403,
                "forbidden").withQuery(Map.of("limit", "0")));
        cases.add(of("checkout route on the admin function", OPERATOR, "POST", "/checkout", Map.of("Idempotency-Key", "k"),
                "{\"sku\":\"sticker-cat\",\"quantity\":1,\"expectedPriceCredits\":49}", 404, "not-found"));
        cases.add(of("public catalog on the admin function", OPERATOR, "GET", "/catalog", Map.of(), null, 404, "not-found"));
        cases.add(of("storefront on the admin function", OPERATOR, "GET", "/storefront", Map.of(), null, 404, "not-found"));
        cases.add(of("delete the catalog (no such route: the route guard answers)", OPERATOR, "DELETE", "/admin/catalog", Map.of(),
                null, 404, "not-found"));
        return cases;
    }

    static String doc(String skus) {
        return "{\"skus\":[" + skus + "]}";
    }

    static List<HostileRequest> documents() {
        String cat = "{\"sku\":\"sticker-cat\",\"name\":\"Cat\",\"kind\":\"sticker\",\"priceCredits\":49}";
        String[][] bodies = {
                {"empty object", "{}", "400", "invalid-request"},
                {"skus not a list", "{\"skus\":{}}", "400", "malformed-request"},
                {"no skus", doc(""), "422", "invalid-catalog"},
                {"unknown field", "{\"skus\":[" + cat + "],\"version\":3}", "400", "malformed-request"},
                {"sku without id", doc("{\"name\":\"Cat\",\"kind\":\"sticker\",\"priceCredits\":49}"), "422", "invalid-catalog"},
                {"price zero", doc("{\"sku\":\"a\",\"name\":\"A\",\"kind\":\"sticker\",\"priceCredits\":0}"), "422", "invalid-catalog"},
                {"price negative", doc("{\"sku\":\"a\",\"name\":\"A\",\"kind\":\"sticker\",\"priceCredits\":-5}"), "422", "invalid-catalog"},
                {"price a fraction", doc("{\"sku\":\"a\",\"name\":\"A\",\"kind\":\"sticker\",\"priceCredits\":4.5}"), "400", "malformed-request"},
                {"price huge", doc("{\"sku\":\"a\",\"name\":\"A\",\"kind\":\"sticker\",\"priceCredits\":99999999999999999999}"), "400", "malformed-request"},
                {"unknown kind", doc("{\"sku\":\"a\",\"name\":\"A\",\"kind\":\"nft\",\"priceCredits\":5}"), "422", "invalid-catalog"},
                {"bad id", doc("{\"sku\":\"A B\",\"name\":\"A\",\"kind\":\"sticker\",\"priceCredits\":5}"), "422", "invalid-catalog"},
                {"duplicate sku", doc(cat + "," + cat), "422", "invalid-catalog"},
                {"bundle of an unknown sku", doc(cat + ",{\"sku\":\"b\",\"name\":\"B\",\"kind\":\"bundle\",\"priceCredits\":5,"
                        + "\"items\":[{\"sku\":\"ghost\",\"quantity\":1}]}"), "422", "invalid-catalog"},
                {"bundle item quantity zero", doc(cat + ",{\"sku\":\"b\",\"name\":\"B\",\"kind\":\"bundle\",\"priceCredits\":5,"
                        + "\"items\":[{\"sku\":\"sticker-cat\",\"quantity\":0}]}"), "422", "invalid-catalog"},
                {"chance weight zero", doc(cat + ",{\"sku\":\"c\",\"name\":\"C\",\"kind\":\"chance\",\"priceCredits\":5,"
                        + "\"outcomes\":[{\"sku\":\"sticker-cat\",\"weight\":0}]}"), "422", "invalid-catalog"},
                {"chance weight negative", doc(cat + ",{\"sku\":\"c\",\"name\":\"C\",\"kind\":\"chance\",\"priceCredits\":5,"
                        + "\"outcomes\":[{\"sku\":\"sticker-cat\",\"weight\":-1}]}"), "422", "invalid-catalog"},
                {"chance of an unknown sku", doc(cat + ",{\"sku\":\"c\",\"name\":\"C\",\"kind\":\"chance\",\"priceCredits\":5,"
                        + "\"outcomes\":[{\"sku\":\"ghost\",\"weight\":1}]}"), "422", "invalid-catalog"},
                {"chance of itself", doc(cat + ",{\"sku\":\"c\",\"name\":\"C\",\"kind\":\"chance\",\"priceCredits\":5,"
                        + "\"outcomes\":[{\"sku\":\"c\",\"weight\":1}]}"), "422", "invalid-catalog"},
                {"chance without outcomes", doc(cat + ",{\"sku\":\"c\",\"name\":\"C\",\"kind\":\"chance\",\"priceCredits\":5}"),
                        "422", "invalid-catalog"},
                {"unknown segment", doc("{\"sku\":\"a\",\"name\":\"A\",\"kind\":\"sticker\",\"priceCredits\":5,\"segments\":[\"whales\"]}"),
                        "422", "invalid-catalog"},
                {"offer on an unknown sku", "{\"skus\":[" + cat + "],\"offers\":[{\"offerId\":\"o\",\"sku\":\"ghost\","
                        + "\"priceCredits\":1,\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2027-01-01T00:00:00Z\"}]}", "422", "invalid-catalog"},
                {"offer ending before it starts", "{\"skus\":[" + cat + "],\"offers\":[{\"offerId\":\"o\",\"sku\":\"sticker-cat\","
                        + "\"priceCredits\":1,\"startsAt\":\"2027-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T00:00:00Z\"}]}", "422", "invalid-catalog"},
                {"offer with a bad instant", "{\"skus\":[" + cat + "],\"offers\":[{\"offerId\":\"o\",\"sku\":\"sticker-cat\","
                        + "\"priceCredits\":1,\"startsAt\":\"tomorrow\",\"endsAt\":\"2027-01-01T00:00:00Z\"}]}", "422", "invalid-catalog"},
                {"offer limit zero", "{\"skus\":[" + cat + "],\"offers\":[{\"offerId\":\"o\",\"sku\":\"sticker-cat\",\"priceCredits\":1,"
                        + "\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2027-01-01T00:00:00Z\",\"perUserLimit\":0}]}", "422", "invalid-catalog"},
                {"rotation of an unknown sku", "{\"skus\":[" + cat + "],\"rotation\":{\"pool\":[\"ghost\"],\"slots\":1}}", "422", "invalid-catalog"},
                {"rotation with no slots", "{\"skus\":[" + cat + "],\"rotation\":{\"pool\":[\"sticker-cat\"],\"slots\":0}}", "422", "invalid-catalog"},
                {"rotation without slots", "{\"skus\":[" + cat + "],\"rotation\":{\"pool\":[\"sticker-cat\"]}}", "400", "invalid-request"},
                {"document 1 MB", doc("{\"sku\":\"a\",\"name\":\"" + "A".repeat(1 << 20) + "\",\"kind\":\"sticker\",\"priceCredits\":5}"),
                        "413", "payload-too-large"},
                {"truncated JSON", "{\"skus\":[", "400", "malformed-request"},
                {"array body", "[" + doc(cat) + "]", "400", "malformed-request"},
        };
        List<HostileRequest> cases = new ArrayList<>();
        for (String[] b : bodies) {
            cases.add(of("import: " + b[0], OPERATOR, "PUT", "/admin/catalog", Map.of(), b[1], Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("import: text/plain", OPERATOR, "PUT", "/admin/catalog", Map.of("Content-Type", "text/plain"), doc(cat), 415,
                "unsupported-media-type"));
        String[][] skuBodies = {
                {"sticker-cat", "{}", "400", "invalid-request"},
                {"sticker-cat", "{\"name\":\"Cat\",\"kind\":\"sticker\",\"priceCredits\":0}", "422", "invalid-catalog"},
                {"sticker-cat", "{\"sku\":\"sticker-dog\",\"name\":\"Cat\",\"kind\":\"sticker\",\"priceCredits\":5}", "422", "invalid-catalog"},
                {"Bad_Id", VALID_SKU, "422", "invalid-catalog"},
                {"sticker-cat", "{\"name\":\" \",\"kind\":\"sticker\",\"priceCredits\":5}", "422", "invalid-catalog"},
                {"new-box", "{\"name\":\"Box\",\"kind\":\"chance\",\"priceCredits\":5,\"outcomes\":[{\"sku\":\"new-box\",\"weight\":1}]}",
                        "422", "invalid-catalog"},
                {"new-pack", "{\"name\":\"Pack\",\"kind\":\"bundle\",\"priceCredits\":5,\"items\":[{\"sku\":\"ghost\",\"quantity\":1}]}",
                        "422", "invalid-catalog"},
                {"sticker-cat", "{\"name\":\"Cat\",\"kind\":\"sticker\",\"priceCredits\":\"49\"}", "400", "malformed-request"},
                {"sticker-cat", "{\"name\":\"Cat\",\"kind\":\"sticker\",\"priceCredits\":49,\"userId\":\"x\"}", "400", "malformed-request"},
        };
        for (String[] b : skuBodies) {
            cases.add(of("put sku " + b[0] + ": " + b[1], OPERATOR, "PUT", "/admin/catalog/skus/" + b[0], Map.of(), b[1],
                    Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("retire an unknown sku", OPERATOR, "POST", "/admin/catalog/skus/no-such-sku/retire", Map.of(), null, 404,
                "unknown-sku"));
        cases.add(of("retire a sku a listed bundle contains", OPERATOR, "POST", "/admin/catalog/skus/sticker-dog/retire", Map.of(),
                null, 422, "invalid-catalog"));
        cases.add(of("retire a bad id", OPERATOR, "POST", "/admin/catalog/skus/Bad_Id/retire", Map.of(), null, 422,
                "invalid-catalog"));
        cases.add(of("retire a dot-dot id", OPERATOR, "POST", "/admin/catalog/skus/%2e%2e/retire", Map.of(), null, 404,
                "not-found"));
        cases.add(of("changes: limit 0", OPERATOR, "GET", "/admin/catalog/changes", Map.of(), null, 400, "invalid-limit")
                .withQuery(Map.of("limit", "0")));
        cases.add(of("changes: limit 101", OPERATOR, "GET", "/admin/catalog/changes", Map.of(), null, 400, "invalid-limit")
                .withQuery(Map.of("limit", "101")));
        cases.add(of("changes: before not a number", OPERATOR, "GET", "/admin/catalog/changes", Map.of(), null, 400,
                "invalid-cursor").withQuery(Map.of("before", "abc")));
        return cases;
    }

    static List<HostileRequest> experiments() {
        String at = "\"2032-01-01T00:00:00Z\"";
        String[][] bodies = {
                {"hostile-x", "{}", "422", "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", "{\"name\":\"control\",\"priceCredits\":5,\"weight\":1}",
                        "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), "422", "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", AB.replace("\"weight\":1}", "\"weight\":0}"), "2032-01-01T00:00:00Z",
                        "2032-02-01T00:00:00Z"), "422", "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", AB.replace("\"priceCredits\":4", "\"priceCredits\":0"),
                        "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), "422", "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", AB.replace("\"name\":\"b\"", "\"name\":\"control\""),
                        "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), "422", "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", AB, "2032-02-01T00:00:00Z", "2032-01-01T00:00:00Z"), "422",
                        "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", AB, "tomorrow", "2032-01-01T00:00:00Z"), "422", "invalid-experiment"},
                {"hostile-x", experiment("hostile-seed", "{\"name\":\"control\",\"priceCredits\":5},{\"name\":\"b\"}",
                        "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), "422", "invalid-experiment"},
                {"Bad_Id", experiment("hostile-seed", AB, "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), "422",
                        "invalid-experiment"},
                {"hostile-x", experiment("ghost", AB, "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), "404", "unknown-sku"},
                {"hostile-x", "{\"sku\":\"hostile-seed\",\"variants\":[{\"name\":\"a\",\"priceCredits\":4.5,\"weight\":1}],"
                        + "\"startsAt\":" + at + ",\"endsAt\":" + at + "}", "400", "malformed-request"},
                {"hostile-x", "{\"sku\":\"hostile-seed\",\"variants\":[],\"startsAt\":" + at + ",\"endsAt\":" + at
                        + ",\"winner\":\"b\"}", "400", "malformed-request"},
                {"hostile-x", "{\"sku\":", "400", "malformed-request"},
                {"hostile-x", "[]", "400", "malformed-request"},
                {"hostile-started", experiment("hostile-seed", AB.replace("\"priceCredits\":4", "\"priceCredits\":3"),
                        "2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z"), "409", "experiment-started"},
                {"hostile-overlap", experiment("hostile-seed", AB, "2030-01-15T00:00:00Z", "2030-03-01T00:00:00Z"), "409",
                        "experiment-overlaps"},
        };
        List<HostileRequest> cases = new ArrayList<>();
        for (String[] b : bodies) {
            cases.add(of("experiment " + b[0] + ": " + b[1], OPERATOR, "PUT", "/admin/experiments/" + b[0], Map.of(), b[1],
                    Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("experiment: text/plain", OPERATOR, "PUT", "/admin/experiments/hostile-x",
                Map.of("Content-Type", "text/plain"), FUTURE, 415, "unsupported-media-type"));
        cases.add(of("stop an unknown experiment", OPERATOR, "POST", "/admin/experiments/no-such/stop", Map.of(), null, 404,
                "unknown-experiment"));
        cases.add(of("stop a bad id", OPERATOR, "POST", "/admin/experiments/Bad_Id/stop", Map.of(), null, 404,
                "unknown-experiment"));
        cases.add(of("report of an unknown experiment", OPERATOR, "GET", "/admin/experiments/no-such/report", Map.of(), null,
                404, "unknown-experiment"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void badExperiments_areRefusedWithAProblem_andWriteNothing(HostileRequest request) {
        request.assertRefusedWritingNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void withoutTheOperatorScope_everyAdminRouteIsRefused_andWritesNothing(HostileRequest request) {
        request.assertRefusedWritingNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void badDocuments_areRefusedWithAProblem_andWriteNothing(HostileRequest request) {
        request.assertRefusedWritingNothing();
    }

    @Test
    void operatorChange_isStoredWithItsAuditRecord_andRepeatingItWritesNothing() {
        Response first = OPERATOR.put("/admin/catalog/skus/hostile-hat", "{\"name\":\"Hat\",\"kind\":\"cosmetic\",\"priceCredits\":77}");
        assertEquals(200, first.status(), first.body());
        long version = first.json().getLong("version");
        Response audit = OPERATOR.get("/admin/catalog/changes", Map.of("limit", "1"));
        assertEquals(version, audit.json().getLong("changes[0].version"));
        assertEquals("operator-hostile", audit.json().getString("changes[0].operator"));
        assertEquals(77, audit.json().getInt("changes[0].skuAfter.priceCredits"));
        HostileRequest.assertNothingWritten("the same change again", () -> OPERATOR.put("/admin/catalog/skus/hostile-hat",
                "{\"name\":\"Hat\",\"kind\":\"cosmetic\",\"priceCredits\":77}"), 200);
        assertTrue(OPERATOR.get("/admin/catalog").json().getList("skus.sku").contains("hostile-hat"));
    }
}

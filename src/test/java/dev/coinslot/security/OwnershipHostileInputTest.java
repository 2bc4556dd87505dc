package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input and access on the ownership routes ({@code /entitlements…}, {@code /purchases…}, {@code /access…}):
 * every case is a 4xx problem+json of a stable type, and the table is unchanged. The victim holds an unlock, a pass and
 * three stickers (one used), with refundable purchases, so a stranger's refusal is the ownership's, not an empty table's.
 */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@ExtendWith(LogSecretScan.class)
class OwnershipHostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VICTIM = Wallets.newUser("hostile-owner");
    private static final String STRANGER = Wallets.newUser("hostile-taker");
    private static String articlePurchase;
    private static String stickerPurchase;

    private static synchronized void setUp() {
        if (articlePurchase == null) {
            Wallets.fund(VICTIM, 5_000);
            Wallets.fund(STRANGER, 5_000);
            articlePurchase = LambdaApi.as(VICTIM).checkout("h-article", "article-fees", 1, 199).json().getString("purchaseId");
            assertEquals(201, LambdaApi.as(VICTIM).checkout("h-pass", "day-pass", 1, 149).status());
            stickerPurchase = LambdaApi.as(VICTIM).checkout("h-cats", "sticker-cat", 3, 147).json().getString("purchaseId");
            assertEquals(200, LambdaApi.as(VICTIM).post("/entitlements/sticker-cat/consume", "{\"quantity\":1}",
                    Map.of("Idempotency-Key", "h-use")).status());
        }
    }

    private static String quantity(String value) {
        return "{\"quantity\":" + value + "}";
    }

    static List<HostileRequest> consumeBodies() {
        LambdaApi victim = LambdaApi.as(VICTIM);
        String path = "/entitlements/sticker-cat/consume";
        String[][] bodies = {
                {"quantity missing", "{}", "400", "invalid-request"},
                {"quantity null", quantity("null"), "400", "invalid-request"},
                {"quantity 0", quantity("0"), "400", "invalid-request"},
                {"quantity negative", quantity("-1"), "400", "invalid-request"},
                {"quantity over the maximum", quantity("1000001"), "400", "invalid-request"},
                {"quantity beyond long", quantity("99999999999999999999999"), "400", "malformed-request"},
                {"quantity fraction", quantity("1.5"), "400", "malformed-request"},
                {"quantity string", quantity("\"1\""), "400", "malformed-request"},
                {"quantity array", quantity("[1]"), "400", "malformed-request"},
                {"quantity twice", "{\"quantity\":1,\"quantity\":2}", "400", "malformed-request"},
                {"a user id in the body", "{\"quantity\":1,\"userId\":\"" + STRANGER + "\"}", "400", "malformed-request"},
                {"a sku in the body", "{\"quantity\":1,\"sku\":\"hat-gold\"}", "400", "malformed-request"},
                {"array body", "[" + quantity("1") + "]", "400", "malformed-request"},
                {"empty body", "", "400", "invalid-request"},
                {"truncated JSON", "{\"quantity\":", "400", "malformed-request"},
                {"1 MB body", "{\"quantity\":1,\"pad\":\"" + "x".repeat(1 << 20) + "\"}", "413", "payload-too-large"},
                {"more than is left", quantity("3"), "409", "insufficient-quantity"},
        };
        List<HostileRequest> cases = new ArrayList<>();
        int n = 0;
        for (String[] b : bodies) {
            cases.add(of("consume: " + b[0], victim, "POST", path, Map.of("Idempotency-Key", "hc-" + n++), b[1],
                    Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("consume: text/plain", victim, "POST", path, Map.of("Content-Type", "text/plain", "Idempotency-Key", "hc-t"),
                quantity("1"), 415, "unsupported-media-type"));
        cases.add(of("consume: no key", victim, "POST", path, Map.of(), quantity("1"), 400, "missing-idempotency-key"));
        cases.add(of("consume: key with a space", victim, "POST", path, Map.of("Idempotency-Key", "a b"), quantity("1"), 400,
                "invalid-idempotency-key"));
        cases.add(of("consume: key too long", victim, "POST", path, Map.of("Idempotency-Key", "k".repeat(256)), quantity("1"),
                400, "invalid-idempotency-key"));
        cases.add(of("consume: the key of the earlier consumption, another quantity", victim, "POST", path,
                Map.of("Idempotency-Key", "h-use"), quantity("2"), 422, "idempotency-key-reuse"));
        return cases;
    }

    static List<HostileRequest> access() {
        LambdaApi stranger = LambdaApi.as(STRANGER);
        LambdaApi victim = LambdaApi.as(VICTIM);
        Map<String, String> key = Map.of("Idempotency-Key", "hx-1");
        List<HostileRequest> cases = new ArrayList<>();
        cases.add(of("stranger uses the victim's stickers", stranger, "POST", "/entitlements/sticker-cat/consume", key,
                quantity("1"), 404, "not-entitled"));
        cases.add(of("stranger names the victim in a header", stranger, "POST", "/entitlements/sticker-cat/consume",
                Map.of("Idempotency-Key", "hx-2", "X-User-Id", VICTIM, "X-Demo-User", VICTIM), quantity("1"), 404, "not-entitled"));
        cases.add(of("stranger names the victim in the query", stranger, "POST", "/entitlements/sticker-cat/consume", key,
                quantity("1"), 404, "not-entitled").withQuery(Map.of("userId", VICTIM)));
        cases.add(of("stranger refunds the victim's purchase", stranger, "POST", "/purchases/" + articlePurchase + "/refund",
                Map.of("Idempotency-Key", "hx-3"), null, 404, "purchase-not-found"));
        cases.add(of("stranger reads the victim's entitlement", stranger, "GET", "/entitlements/article-fees", Map.of(), null,
                404, "not-entitled"));
        cases.add(of("consume an unlock", victim, "POST", "/entitlements/article-fees/consume", Map.of("Idempotency-Key", "hx-4"),
                quantity("1"), 409, "not-consumable"));
        cases.add(of("consume a pass", victim, "POST", "/entitlements/day-pass/consume", Map.of("Idempotency-Key", "hx-5"),
                quantity("1"), 409, "not-consumable"));
        cases.add(of("consume an unknown sku", victim, "POST", "/entitlements/no-such/consume", Map.of("Idempotency-Key", "hx-6"),
                quantity("1"), 404, "not-entitled"));
        cases.add(of("consume a sku of 300 characters", victim, "POST", "/entitlements/" + "a".repeat(300) + "/consume",
                Map.of("Idempotency-Key", "hx-7"), quantity("1"), 404, "not-entitled"));
        cases.add(of("consume an upper-case sku", victim, "POST", "/entitlements/STICKER-CAT/consume",
                Map.of("Idempotency-Key", "hx-8"), quantity("1"), 404, "not-entitled"));
        cases.add(of("refund a used purchase", victim, "POST", "/purchases/" + stickerPurchase + "/refund",
                Map.of("Idempotency-Key", "hx-9"), null, 409, "already-used"));
        cases.add(of("refund without a key", victim, "POST", "/purchases/" + articlePurchase + "/refund", Map.of(), null, 400,
                "missing-idempotency-key"));
        cases.add(of("refund an id of the wrong shape", victim, "POST", "/purchases/pur_XYZ/refund",
                Map.of("Idempotency-Key", "hx-10"), null, 404, "purchase-not-found"));
        cases.add(of("refund an id of 300 characters", victim, "POST", "/purchases/pur_" + "a".repeat(296) + "/refund",
                Map.of("Idempotency-Key", "hx-11"), null, 404, "purchase-not-found"));
        cases.add(of("refund an unknown id", victim, "POST", "/purchases/pur_ffffffffffffffffffffffff/refund",
                Map.of("Idempotency-Key", "hx-12"), null, 404, "purchase-not-found"));
        cases.add(of("refund, no claims", LambdaApi.anonymous(), "POST", "/purchases/" + articlePurchase + "/refund",
                Map.of("Idempotency-Key", "hx-13"), null, 401, "unauthorized"));
        cases.add(of("consume, no claims", LambdaApi.anonymous(), "POST", "/entitlements/sticker-cat/consume",
                Map.of("Idempotency-Key", "hx-14"), quantity("1"), 401, "unauthorized"));
        cases.add(of("entitlements, no claims", LambdaApi.anonymous(), "GET", "/entitlements", Map.of(), null, 401,
                "unauthorized"));
        cases.add(of("purchases, no claims", LambdaApi.anonymous(), "GET", "/purchases", Map.of(), null, 401, "unauthorized"));
        for (String limit : new String[] {"0", "101", "-1", "abc", "1e2", "99999999999"}) {
            cases.add(of("purchases limit '" + limit + "'", victim, "GET", "/purchases", Map.of(), null, 400, "invalid-limit")
                    .withQuery(Map.of("limit", limit)));
        }
        for (String cursor : new String[] {"abc", "pur_", "pur_XYZXYZXYZXYZXYZXYZXYZXYZ", "v1:5", "pur_" + "a".repeat(200)}) {
            cases.add(of("purchases cursor '" + cursor.substring(0, Math.min(20, cursor.length())) + "'", victim, "GET",
                    "/purchases", Map.of(), null, 400, "invalid-cursor").withQuery(Map.of("cursor", cursor)));
        }
        cases.add(of("access with the victim's own token", victim, "GET", "/access/" + VICTIM + "/article-fees", Map.of(), null,
                403, "forbidden"));
        cases.add(of("access with no identity", LambdaApi.anonymous(), "GET", "/access/" + VICTIM + "/article-fees", Map.of(),
                null, 403, "forbidden"));
        cases.add(of("buy an unlock already owned", victim, "POST", "/checkout", Map.of("Idempotency-Key", "hx-15"),
                "{\"sku\":\"article-fees\",\"quantity\":1,\"expectedPriceCredits\":199}", 409, "already-owned"));
        cases.add(of("buy with a user id in the body", victim, "POST", "/checkout",
                Map.of("Idempotency-Key", "hx-16"), "{\"sku\":\"article-fees\",\"quantity\":1,\"expectedPriceCredits\":199,"
                        + "\"userId\":\"" + STRANGER + "\"}", 400, "malformed-request"));
        cases.add(of("buy two of an unlock", stranger, "POST", "/checkout", Map.of("Idempotency-Key", "hx-17"),
                "{\"sku\":\"hat-gold\",\"quantity\":2,\"expectedPriceCredits\":198}", 400, "invalid-request"));
        // methods the function does not route: RouteGuard's 404 before any resource
        cases.add(of("delete an entitlement", victim, "DELETE", "/entitlements/article-fees", Map.of(), null, 404, "not-found"));
        cases.add(of("put an entitlement", victim, "PUT", "/entitlements/article-fees", Map.of(), "{\"quantity\":5}", 404,
                "not-found"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consumeBodies")
    void hostileConsumeBody_isRefused_andWritesNothing(HostileRequest request) {
        setUp();
        request.assertRefusedWritingNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void hostileOwnershipAccess_isRefused_andWritesNothing(HostileRequest request) {
        setUp();
        request.assertRefusedWritingNothing();
    }

    private static Response asIamService(String path) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(LambdaApi.anonymous().event("GET", path, Map.of(), null, Map.of()));
            ObjectNode iam = ((ObjectNode) event.get("requestContext")).with("authorizer").putObject("iam");
            iam.put("accountId", "123456789012");
            iam.put("userArn", "arn:aws:sts::123456789012:assumed-role/content-server/hostile");
            return LambdaApi.invoke(event.toString());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void accessCheck_badUserIds_areRefused_andWriteNothing() {
        setUp();
        HostileRequest.assertRefusedWritingNothing("user id of 201 characters",
                () -> asIamService("/access/" + "u".repeat(201) + "/article-fees"), 400, "invalid-user-id");
        HostileRequest.assertRefusedWritingNothing("user id with a control character",
                () -> asIamService("/access/a%01b/article-fees"), 400, "invalid-user-id");
        Response odd = asIamService("/access/" + VICTIM + "/" + "Z".repeat(300));
        assertEquals(200, odd.status(), odd.body());
        assertEquals(false, odd.json().getBoolean("entitled"), "an impossible sku is simply not held");
    }
}

package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileEvents;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.TableSnapshot;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven hostile input and access against the checkout function ({@code POST /checkout}, {@code GET /wallet},
 * {@code GET /wallet/ledger}): every case is refused with a 4xx problem+json of a stable type, and the whole table is
 * byte-for-byte unchanged. The caller's wallet is funded, so a refusal is never just "not enough credits".
 */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@ExtendWith(LogSecretScan.class)
class CheckoutHostileInputTest {

    private static final String BUYER = Wallets.newUser("hostile-buyer");
    private static final String VICTIM = Wallets.newUser("hostile-victim");
    private static final Map<String, String> KEY = Map.of("Idempotency-Key", "hostile-key-1");
    private static final String VALID = "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":99}";

    private static boolean funded;

    private static synchronized void fund() {
        if (!funded) {
            Wallets.fund(BUYER, 100_000);
            Wallets.fund(VICTIM, 5_000);
            funded = true;
        }
    }

    private static String checkoutBody(String sku, String quantity, String expected) {
        return "{\"sku\":" + sku + ",\"quantity\":" + quantity + ",\"expectedPriceCredits\":" + expected + "}";
    }

    static List<HostileRequest> checkoutBodies() {
        LambdaApi buyer = LambdaApi.as(BUYER);
        List<HostileRequest> cases = new ArrayList<>();
        String[][] bodies = {
                // name, body, status, slug
                {"quantity as string", checkoutBody("\"hat-gold\"", "\"1\"", "99"), "400", "malformed-request"},
                {"quantity fractional", checkoutBody("\"hat-gold\"", "1.5", "99"), "400", "malformed-request"},
                {"quantity boolean", checkoutBody("\"hat-gold\"", "true", "99"), "400", "malformed-request"},
                {"quantity array", checkoutBody("\"hat-gold\"", "[1]", "99"), "400", "malformed-request"},
                {"quantity object", checkoutBody("\"hat-gold\"", "{\"n\":1}", "99"), "400", "malformed-request"},
                {"quantity null", checkoutBody("\"hat-gold\"", "null", "99"), "400", "invalid-request"},
                {"quantity zero", checkoutBody("\"hat-gold\"", "0", "0"), "400", "invalid-request"},
                {"quantity negative", checkoutBody("\"hat-gold\"", "-1", "-99"), "400", "invalid-request"},
                {"quantity above maximum", checkoutBody("\"hat-gold\"", "101", "9999"), "400", "invalid-request"},
                {"quantity beyond int", checkoutBody("\"hat-gold\"", "2147483648", "212600000000099"), "400", "malformed-request"},
                {"quantity huge", checkoutBody("\"hat-gold\"", "99999999999999999999999", "99"), "400", "malformed-request"},
                {"quantity exponent", checkoutBody("\"hat-gold\"", "1e2", "9900"), "400", "malformed-request"},
                {"price beyond long", checkoutBody("\"hat-gold\"", "1", "9223372036854775808"), "400", "malformed-request"},
                {"price negative", checkoutBody("\"hat-gold\"", "1", "-99"), "400", "invalid-request"},
                {"price zero", checkoutBody("\"hat-gold\"", "1", "0"), "400", "invalid-request"},
                {"price as string", checkoutBody("\"hat-gold\"", "1", "\"99\""), "400", "malformed-request"},
                {"price fractional", checkoutBody("\"hat-gold\"", "1", "99.0"), "400", "malformed-request"},
                {"quantity x price beyond long", checkoutBody("\"hat-gold\"", "100", "9223372036854775807"), "409", "price-changed"},
                {"price understated", checkoutBody("\"hat-gold\"", "100", "99"), "409", "price-changed"},
                {"sku number", checkoutBody("42", "1", "99"), "400", "malformed-request"},
                {"sku empty", checkoutBody("\"\"", "1", "99"), "400", "invalid-request"},
                {"sku blank", checkoutBody("\"   \"", "1", "99"), "400", "invalid-request"},
                {"sku too long", checkoutBody("\"" + "a".repeat(65) + "\"", "1", "99"), "400", "invalid-request"},
                {"sku unicode lookalike", checkoutBody("\"h\u0430t-gold\"", "1", "99"), "404", "unknown-sku"},
                {"sku emoji", checkoutBody("\"\uD83D\uDCB0\"", "1", "99"), "404", "unknown-sku"},
                {"sku NUL", checkoutBody("\"hat-gold\\u0000\"", "1", "99"), "404", "unknown-sku"},
                {"sku control characters", checkoutBody("\"\\u001b[31mhat\\r\\n\"", "1", "99"), "404", "unknown-sku"},
                {"sku right-to-left override", checkoutBody("\"\u202Edlog-tah\"", "1", "99"), "404", "unknown-sku"},
                {"sku path traversal", checkoutBody("\"../../wallet\"", "1", "99"), "404", "unknown-sku"},
                {"missing sku", "{\"quantity\":1,\"expectedPriceCredits\":99}", "400", "invalid-request"},
                {"missing quantity", "{\"sku\":\"hat-gold\",\"expectedPriceCredits\":99}", "400", "invalid-request"},
                {"user id in body", "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":99,\"userId\":\"" + VICTIM + "\"}",
                        "400", "malformed-request"},
                {"owner in body", "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":99,\"ownerId\":\"" + VICTIM + "\"}",
                        "400", "malformed-request"},
                {"duplicate member", "{\"sku\":\"hat-gold\",\"sku\":\"sticker-cat\",\"quantity\":1,\"expectedPriceCredits\":99}",
                        "400", "malformed-request"},
                {"trailing document", VALID + VALID, "400", "malformed-request"},
                {"array body", "[" + VALID + "]", "400", "malformed-request"},
                {"string body", "\"hat-gold\"", "400", "malformed-request"},
                {"null body", "null", "400", "invalid-request"},
                {"empty body", "", "400", "invalid-request"},
                {"truncated JSON", "{\"sku\":\"hat-gold\",", "400", "malformed-request"},
                {"deeply nested", "[".repeat(5000) + "]".repeat(5000), "400", "malformed-request"},
                {"1 MB body", checkoutBody("\"" + "x".repeat(1 << 20) + "\"", "1", "99"), "413", "payload-too-large"},
                {"1 MB unknown field", "{\"pad\":\"" + "x".repeat(1 << 20) + "\"}", "413", "payload-too-large"},
        };
        for (String[] b : bodies) {
            cases.add(of("checkout: " + b[0], buyer, "POST", "/checkout", KEY, b[1], Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("checkout: text/plain", buyer, "POST", "/checkout", Map.of("Idempotency-Key", "k", "Content-Type", "text/plain"),
                VALID, 415, "unsupported-media-type"));
        cases.add(of("checkout: form encoded", buyer, "POST", "/checkout",
                Map.of("Idempotency-Key", "k", "Content-Type", "application/x-www-form-urlencoded"),
                "sku=hat-gold&quantity=1&expectedPriceCredits=99", 415, "unsupported-media-type"));
        cases.add(of("checkout: xml", buyer, "POST", "/checkout", Map.of("Idempotency-Key", "k", "Content-Type", "application/xml"),
                "<checkout/>", 415, "unsupported-media-type"));
        return cases;
    }

    static List<HostileRequest> checkoutHeaders() {
        LambdaApi buyer = LambdaApi.as(BUYER);
        List<HostileRequest> cases = new ArrayList<>();
        String[][] keys = {
                {"empty key", ""},
                {"blank key", "   "},
                {"key too long", "k".repeat(256)},
                {"key with unicode", "schl\u00fcssel-1"},
                {"key with space inside", "two words"},
        };
        for (String[] k : keys) {
            cases.add(of("checkout: " + k[0], buyer, "POST", "/checkout", Map.of("Idempotency-Key", k[1]), VALID, 400,
                    "invalid-idempotency-key"));
        }
        cases.add(of("checkout: missing key", buyer, "POST", "/checkout", Map.of(), VALID, 400, "missing-idempotency-key"));
        return cases;
    }

    static List<HostileRequest> access() {
        LambdaApi anonymous = LambdaApi.anonymous();
        List<HostileRequest> cases = new ArrayList<>();
        for (String[] route : new String[][] {{"GET", "/wallet"}, {"GET", "/wallet/ledger"}, {"POST", "/checkout"},
                {"PUT", "/wallet/limits"}, {"PUT", "/wallet/auto-top-up"}, {"POST", "/rewards/daily"}}) {
            String body = switch (route[1]) {
                case "/checkout" -> VALID;
                case "/wallet/limits" -> "{\"dailyCredits\":1}";
                case "/wallet/auto-top-up" -> "{\"enabled\":false}";
                default -> null;
            };
            cases.add(of("no claims: " + route[1], anonymous, route[0], route[1], KEY, body, 401, "unauthorized"));
            cases.add(of("no claims, user id in headers: " + route[1], anonymous, route[0], route[1],
                    Map.of("Idempotency-Key", "k", "X-User-Id", VICTIM, "X-Demo-User", VICTIM, "X-Amzn-Oidc-Identity", VICTIM),
                    body, 401, "unauthorized"));
            cases.add(of("no claims, user id in query: " + route[1], anonymous, route[0], route[1], KEY, body, 401,
                    "unauthorized").withQuery(Map.of("userId", VICTIM, "sub", VICTIM)));
            for (String[] sub : new String[][] {{"empty sub", ""}, {"blank sub", "  "}, {"sub with newline", "mallory\nadmin"},
                    {"sub with NUL", "mallory\u0000"}, {"sub too long", "u".repeat(201)}}) {
                cases.add(of(sub[0] + ": " + route[1], LambdaApi.as(sub[1]), route[0], route[1], KEY, body, 401, "unauthorized"));
            }
        }
        LambdaApi buyer = LambdaApi.as(BUYER);
        String[][] ledgerQueries = {
                {"limit", "abc"}, {"limit", "0"}, {"limit", "-1"}, {"limit", "101"}, {"limit", "99999999999999999999"},
                {"limit", "1.5"}, {"limit", "\u0661\u0662"}, {"limit", "+5"},
                {"cursor", "not-base64!"}, {"cursor", b64("v1:-5")}, {"cursor", b64("v1:1")}, {"cursor", b64("v2:5")},
                {"cursor", b64("v1:99999999999999999999")}, {"cursor", b64("v1:\u0000")},
        };
        for (String[] q : ledgerQueries) {
            String slug = q[0].equals("limit") ? "invalid-limit" : "invalid-cursor";
            cases.add(of("ledger " + q[0] + "=" + q[1].replace("\u0000", "\\0"), buyer, "GET", "/wallet/ledger", Map.of(), null,
                    400, slug).withQuery(Map.of(q[0], q[1])));
        }
        // operator grants are for the operator's IAM callers only: a user token, a token naming another user, no identity
        String grant = "{\"userId\":\"" + BUYER + "\",\"credits\":100,\"reason\":\"level\",\"reference\":\"lvl-1\"}";
        cases.add(of("grant with a user token", buyer, "POST", "/grants", Map.of(), grant, 403, "forbidden"));
        cases.add(of("grant with the operator scope in a token", buyer.withScopes("coinslot/operator"), "POST", "/grants",
                Map.of(), grant, 403, "forbidden"));
        cases.add(of("grant without any identity", LambdaApi.anonymous(), "POST", "/grants", Map.of(), grant, 403,
                "forbidden"));
        cases.add(of("grant with IAM-looking headers", LambdaApi.anonymous(), "POST", "/grants",
                Map.of("X-Amz-Security-Token", "x", "X-Amzn-Iam-Arn", "arn:aws:iam::1:role/game"), grant, 403, "forbidden"));
        String guardianRoute = "/guardian/wallets/" + VICTIM + "/limits";
        cases.add(of("guardian route without the guardian scope", buyer, "PUT", guardianRoute, Map.of(), "{\"dailyCredits\":0}",
                403, "forbidden"));
        cases.add(of("guardian route with the scope only in a header", buyer, "PUT", guardianRoute,
                Map.of("X-Scope", "coinslot/guardian", "Scope", "coinslot/guardian"), "{\"dailyCredits\":0}", 403, "forbidden"));
        cases.add(of("guardian route with another scope", buyer.withScopes("coinslot/admin", "openid"), "PUT", guardianRoute,
                Map.of(), "{\"dailyCredits\":0}", 403, "forbidden"));
        cases.add(of("guardian route, no claims", LambdaApi.anonymous(), "PUT", guardianRoute, Map.of(), "{}", 401,
                "unauthorized"));
        for (String[] other : new String[][] {{"POST", "/topups"}, {"GET", "/topups/top_00"}, {"POST", "/webhooks/stripe"},
                {"POST", "/internal/sweep"}, {"GET", "/q/openapi"}, {"DELETE", "/wallet"}, {"PUT", "/checkout"},
                {"GET", "/wallet/../topups/packs"}}) {
            cases.add(of("other route " + other[0] + " " + other[1], buyer, other[0], other[1], KEY, "{}", 404, "not-found"));
        }
        return cases;
    }

    /** Settings bodies: limits and auto top-up (a saved card and Stripe are covered by AutoTopUpFunctionTest). */
    static List<HostileRequest> settingsBodies() {
        LambdaApi buyer = LambdaApi.as(BUYER);
        List<HostileRequest> cases = new ArrayList<>();
        String[][] limits = {
                {"limit negative", "{\"dailyCredits\":-1}", "400", "invalid-request"},
                {"limit beyond maximum", "{\"monthlyCredits\":1000000001}", "400", "invalid-request"},
                {"limit beyond long", "{\"dailyCredits\":9223372036854775808}", "400", "malformed-request"},
                {"limit fractional", "{\"perPurchaseCredits\":0.5}", "400", "malformed-request"},
                {"limit as string", "{\"dailyCredits\":\"5\"}", "400", "malformed-request"},
                {"limits with a user id", "{\"dailyCredits\":5,\"userId\":\"" + VICTIM + "\"}", "400", "malformed-request"},
                {"limits managed flag from the owner", "{\"dailyCredits\":5,\"managed\":false}", "400", "malformed-request"},
                {"limits array", "[]", "400", "malformed-request"},
                {"limits duplicate field", "{\"dailyCredits\":5,\"dailyCredits\":500}", "400", "malformed-request"},
        };
        for (String[] c : limits) {
            cases.add(of(c[0], buyer, "PUT", "/wallet/limits", Map.of(), c[1], Integer.parseInt(c[2]), c[3]));
        }
        String[][] autoTopUp = {
                {"auto top-up without enabled", "{\"packId\":\"plus\",\"monthlyCapMinor\":5000}", "400", "invalid-request"},
                {"auto top-up enabled as string", "{\"enabled\":\"true\"}", "400", "malformed-request"},
                {"auto top-up enabled as number", "{\"enabled\":1}", "400", "malformed-request"},
                {"auto top-up negative cap", "{\"enabled\":true,\"packId\":\"plus\",\"monthlyCapMinor\":-1}", "400", "invalid-request"},
                {"auto top-up cap beyond long", "{\"enabled\":true,\"packId\":\"plus\",\"monthlyCapMinor\":1e30}", "400", "malformed-request"},
                {"auto top-up unknown pack", "{\"enabled\":true,\"packId\":\"../max\",\"monthlyCapMinor\":5000}", "422", "unknown-pack"},
                {"auto top-up cap above the maximum", "{\"enabled\":true,\"packId\":\"plus\",\"monthlyCapMinor\":50001}", "422", "invalid-monthly-cap"},
                {"auto top-up with a payment method id", "{\"enabled\":true,\"packId\":\"plus\",\"monthlyCapMinor\":5000,\"paymentMethod\":\"pm_x\"}", "400", "malformed-request"},
        };
        for (String[] c : autoTopUp) {
            cases.add(of(c[0], buyer, "PUT", "/wallet/auto-top-up", Map.of(), c[1], Integer.parseInt(c[2]), c[3]));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settingsBodies")
    void hostileSettingsBody_isRefused_andWritesNothing(HostileRequest request) {
        fund();
        request.assertRefusedWritingNothing();
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkoutBodies")
    void hostileCheckoutBody_isRefused_andWritesNothing(HostileRequest request) {
        fund();
        request.assertRefusedWritingNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkoutHeaders")
    void hostileIdempotencyKey_isRefused_andWritesNothing(HostileRequest request) {
        fund();
        request.assertRefusedWritingNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void hostileAccess_isRefused_andWritesNothing(HostileRequest request) {
        fund();
        request.assertRefusedWritingNothing();
    }

    static List<HostileEvents.Case> malformedEncodings() {
        LambdaApi buyer = LambdaApi.as(BUYER);
        List<HostileEvents.Case> cases = new ArrayList<>(
                HostileEvents.malformedEncodings(buyer, "POST", "/checkout", "/checkout", KEY, VALID));
        cases.addAll(HostileEvents.malformedEncodings(buyer, "GET", "/wallet/ledger", "/wallet", Map.of(), null));
        cases.addAll(HostileEvents.malformedEncodings(buyer, "PUT", "/wallet/limits", "/wallet", Map.of(),
                "{\"dailyCredits\":100}"));
        return cases;
    }

    /** Malformed percent-encoding and bodies marked base64 that are not: 400 problems (were a bare 400 and 500). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEncodings")
    void malformedEncoding_isA400Problem_andWritesNothing(HostileEvents.Case event) {
        fund();
        event.assertRefusedWritingNothing();
    }

    /**
     * Header names and values HTTP cannot carry (control characters; names that are not tokens) are refused with a
     * {@code 400 invalid-header} problem before anything else runs. (Quarkus's Lambda HTTP adapter used to fail on them
     * with a bare 500.)
     */
    @Test
    void unrepresentableHeaders_get400InvalidHeader_andWriteNothing() {
        fund();
        List<Map<String, String>> hostile = List.of(
                Map.of("Idempotency-Key", "key\u0007bell"),
                Map.of("Idempotency-Key", "key\u0000"),
                Map.of("Idempotency-Key", "key\r\nX-Injected: 1"),
                Map.of("Idempotency-Key", "k-ok", "X-Trace", "a\u001bb"),
                Map.of("Idempotency-Key", "k-ok", "Bad Header", "x"),
                Map.of("Idempotency-Key", "k-ok", "X-Del", "\u007f"));
        for (Map<String, String> headers : hostile) {
            TableSnapshot before = TableSnapshot.take();
            Response r = LambdaApi.as(BUYER).post("/checkout", "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":99}", headers);
            LogSecretScan.scanBody(r.body());
            String shown = headers.toString().replace("\u0000", "\\0");
            assertEquals(400, r.status(), shown + " -> " + r.body());
            assertEquals("https://coinslot.dev/problems/invalid-header", r.json().getString("type"), shown);
            assertTrue(r.contentType().startsWith("application/problem+json"), shown);
            assertEquals(List.of(), before.difference(TableSnapshot.take()), "wrote with headers " + shown);
        }
        // a tab inside a value is legal HTTP: such a request is served
        Response tab = LambdaApi.as(BUYER).post("/checkout", "{\"sku\":\"hat-gold\",\"quantity\":1,\"expectedPriceCredits\":99}",
                Map.of("Idempotency-Key", "k-tab", "X-Note", "a\tb"));
        assertEquals(201, tab.status(), tab.body());
    }

    @Test
    void claimsOfAnotherUser_seeOnlyTheirOwnWallet_whateverUserIdTheRequestCarries() {
        fund();
        String mallory = Wallets.newUser("mallory");
        Map<String, String> spoof = Map.of("X-User-Id", VICTIM, "X-Demo-User", VICTIM);
        Map<String, String> query = Map.of("userId", VICTIM, "owner", VICTIM);
        Response wallet = LambdaApi.as(mallory).send("GET", "/wallet", spoof, null, query);
        assertEquals(200, wallet.status(), wallet.body());
        assertEquals(0, wallet.json().getLong("balanceCredits"));
        Response ledger = LambdaApi.as(mallory).send("GET", "/wallet/ledger", spoof, null, query);
        assertEquals(200, ledger.status(), ledger.body());
        assertEquals(List.of(), ledger.json().getList("entries"));
        assertFalse(ledger.body().contains(VICTIM), ledger.body());
        assertEquals(0, WalletInvariants.items(mallory).size(), "reading wrote nothing for mallory");
        assertEquals(5_000, WalletInvariants.assertConsistent(VICTIM));
    }
}

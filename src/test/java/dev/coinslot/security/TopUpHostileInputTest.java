package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileEvents;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.TopUpFunctionProfile;
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
 * Table-driven hostile input and access against the top-up function: every case is a 4xx problem+json with a stable
 * type, the table is unchanged, and Stripe received no request at all.
 */
@QuarkusTest
@TestProfile(TopUpFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
@ExtendWith(LogSecretScan.class)
class TopUpHostileInputTest {

    private static final String OWNER = Wallets.newUser("hostile-topup-owner");
    private static final Map<String, String> KEY = Map.of("Idempotency-Key", "hostile-topup-1");
    private static String ownersTopUp;

    private final StripeStub stripe = StripeStubResource.stub();

    /** One real top-up of OWNER, for the access cases; then Stripe's request log is cleared. */
    @BeforeEach
    void ownerHasATopUp() {
        if (ownersTopUp == null) {
            Response r = LambdaApi.as(OWNER).post("/topups", "{\"packId\":\"plus\"}", Map.of("Idempotency-Key", "owner-1"));
            assertEquals(201, r.status(), r.body());
            ownersTopUp = r.json().getString("topUpId");
        }
        stripe.reset();
    }

    static List<HostileRequest> bodies() {
        LambdaApi user = LambdaApi.as(Wallets.newUser("hostile-payer"));
        List<HostileRequest> cases = new ArrayList<>();
        String[][] bodies = {
                {"pack id number", "{\"packId\":5}", "400", "malformed-request"},
                {"pack id boolean", "{\"packId\":true}", "400", "malformed-request"},
                {"pack id array", "{\"packId\":[\"plus\"]}", "400", "malformed-request"},
                {"pack id null", "{\"packId\":null}", "400", "invalid-request"},
                {"pack id empty", "{\"packId\":\"\"}", "400", "invalid-request"},
                {"pack id too long", "{\"packId\":\"" + "p".repeat(65) + "\"}", "400", "invalid-request"},
                {"pack id unicode lookalike", "{\"packId\":\"pl\u0443s\"}", "404", "unknown-pack"},
                {"pack id NUL", "{\"packId\":\"plus\\u0000\"}", "404", "unknown-pack"},
                {"pack id control characters", "{\"packId\":\"\\u001b[2Jplus\\r\\n\"}", "404", "unknown-pack"},
                {"price in body", "{\"packId\":\"plus\",\"amountMinor\":1}", "400", "malformed-request"},
                {"credits in body", "{\"packId\":\"starter\",\"credits\":1000000}", "400", "malformed-request"},
                {"user id in body", "{\"packId\":\"plus\",\"userId\":\"" + OWNER + "\"}", "400", "malformed-request"},
                {"duplicate member", "{\"packId\":\"nope\",\"packId\":\"plus\"}", "400", "malformed-request"},
                {"array body", "[{\"packId\":\"plus\"}]", "400", "malformed-request"},
                {"not JSON", "packId=plus", "400", "malformed-request"},
                {"empty body", "", "400", "invalid-request"},
                {"1 MB body", "{\"packId\":\"" + "x".repeat(1 << 20) + "\"}", "413", "payload-too-large"},
                {"1 MB unknown field", "{\"pad\":\"" + "x".repeat(1 << 20) + "\"}", "413", "payload-too-large"},
                {"currency lower-case", "{\"packId\":\"plus\",\"currency\":\"eur\"}", "400", "unsupported-currency"},
                {"currency not offered", "{\"packId\":\"plus\",\"currency\":\"CHF\"}", "400", "unsupported-currency"},
                {"currency not ISO", "{\"packId\":\"plus\",\"currency\":\"XXY\"}", "400", "unsupported-currency"},
                {"currency empty", "{\"packId\":\"plus\",\"currency\":\"\"}", "400", "unsupported-currency"},
                {"currency NUL", "{\"packId\":\"plus\",\"currency\":\"EU\\u0000\"}", "400", "unsupported-currency"},
                {"currency too long", "{\"packId\":\"plus\",\"currency\":\"" + "E".repeat(17) + "\"}", "400", "invalid-request"},
                {"currency number", "{\"packId\":\"plus\",\"currency\":978}", "400", "malformed-request"},
                {"currency array", "{\"packId\":\"plus\",\"currency\":[\"EUR\"]}", "400", "malformed-request"},
                {"currency with unknown pack", "{\"packId\":\"nope\",\"currency\":\"JPY\"}", "404", "unknown-pack"},
        };
        for (String[] b : bodies) {
            cases.add(of("POST /topups: " + b[0], user, "POST", "/topups", KEY, b[1], Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("POST /topups: text/plain", user, "POST", "/topups", Map.of("Idempotency-Key", "k", "Content-Type", "text/plain"),
                "{\"packId\":\"plus\"}", 415, "unsupported-media-type"));
        cases.add(of("POST /topups: missing key", user, "POST", "/topups", Map.of(), "{\"packId\":\"plus\"}", 400,
                "missing-idempotency-key"));
        for (String[] k : new String[][] {{"empty key", ""}, {"key too long", "k".repeat(256)}, {"unicode key", "cl\u00e9"}}) {
            cases.add(of("POST /topups: " + k[0], user, "POST", "/topups", Map.of("Idempotency-Key", k[1]),
                    "{\"packId\":\"plus\"}", 400, "invalid-idempotency-key"));
        }
        return cases;
    }

    static List<HostileRequest> access() {
        LambdaApi anonymous = LambdaApi.anonymous();
        LambdaApi mallory = LambdaApi.as(Wallets.newUser("mallory"));
        List<HostileRequest> cases = new ArrayList<>();
        cases.add(of("no claims: POST /topups", anonymous, "POST", "/topups", KEY, "{\"packId\":\"plus\"}", 401, "unauthorized"));
        cases.add(of("no claims, user id header: POST /topups", anonymous, "POST", "/topups",
                Map.of("Idempotency-Key", "k", "X-User-Id", OWNER), "{\"packId\":\"plus\"}", 401, "unauthorized"));
        cases.add(of("no claims: GET /topups/{id}", anonymous, "GET", "/topups/top_0", Map.of(), null, 401, "unauthorized"));
        String[] ids = {"top_zz", "top_", "TOP_ABC", "top_" + "a".repeat(61), "top_\u00e9", "top_%00", "top_0;drop", "..",
                "top_0%2F..%2Fwallet"};
        for (String id : ids) {
            cases.add(of("GET /topups/" + id, mallory, "GET", "/topups/" + id, Map.of(), null, 404, "not-found"));
        }
        for (String currency : new String[] {"eur", "CHF", "XXY", "EUR%00", "E".repeat(300), "€", "EUR,USD"}) {
            cases.add(new HostileRequest("GET /topups/packs?currency=" + currency, anonymous, "GET", "/topups/packs", Map.of(), null,
                    Map.of("currency", currency), 400, "unsupported-currency"));
        }
        cases.add(of("other routes: POST /checkout", mallory, "POST", "/checkout", KEY, "{}", 404, "not-found"));
        cases.add(of("other routes: GET /wallet", mallory, "GET", "/wallet", Map.of(), null, 404, "not-found"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void hostileTopUpRequest_isRefused_writesNothing_andCallsNoStripe(HostileRequest request) {
        request.assertRefusedWritingNothing();
        assertEquals(List.of(), stripe.requests(), "Stripe was called for " + request.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void hostileTopUpAccess_isRefused_writesNothing_andCallsNoStripe(HostileRequest request) {
        request.assertRefusedWritingNothing();
        assertEquals(List.of(), stripe.requests(), "Stripe was called for " + request.name());
    }

    static List<HostileEvents.Case> malformedEncodings() {
        LambdaApi payer = LambdaApi.as(Wallets.newUser("hostile-encoder"));
        List<HostileEvents.Case> cases = new ArrayList<>(
                HostileEvents.malformedEncodings(payer, "POST", "/topups", "/topups", KEY, "{\"packId\":\"plus\"}"));
        cases.addAll(HostileEvents.malformedEncodings(payer, "GET", "/topups/packs", "/topups", Map.of(), null));
        return cases;
    }

    /** Malformed percent-encoding and bodies marked base64 that are not: 400 problems (were a bare 400 and 500). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEncodings")
    void malformedEncoding_isA400Problem_writesNothing_andCallsNoStripe(HostileEvents.Case event) {
        event.assertRefusedWritingNothing();
        assertEquals(List.of(), stripe.requests(), "Stripe was called for " + event.name());
    }

    /**
     * Card testing: a user who has started the hour's allowance of top-ups ({@code coinslot.topups.max-per-hour}, 10 in
     * tests) is refused further ones with {@code 429 too-many-top-ups}, before Stripe is called, writing nothing;
     * whatever pack, key or spoofed identity the request carries.
     */
    @Test
    void topUpsBeyondTheHourlyCap_are429_writeNothing_andCallNoStripe() {
        String tester = Wallets.newUser("card-tester");
        for (int i = 0; i < 10; i++) {
            Response r = LambdaApi.as(tester).post("/topups", "{\"packId\":\"starter\"}", Map.of("Idempotency-Key", "t-" + i));
            assertEquals(201, r.status(), r.body());
        }
        stripe.reset();
        LambdaApi as = LambdaApi.as(tester);
        List<HostileRequest> cases = List.of(
                of("11th top-up", as, "POST", "/topups", Map.of("Idempotency-Key", "t-10"), "{\"packId\":\"starter\"}",
                        429, "too-many-top-ups"),
                of("11th top-up, other pack", as, "POST", "/topups", Map.of("Idempotency-Key", "t-11"),
                        "{\"packId\":\"max\"}", 429, "too-many-top-ups"),
                of("11th top-up, another user id in headers", as, "POST", "/topups",
                        Map.of("Idempotency-Key", "t-12", "X-User-Id", OWNER, "X-Demo-User", OWNER),
                        "{\"packId\":\"plus\"}", 429, "too-many-top-ups"));
        for (HostileRequest c : cases) {
            Response r = c.assertRefusedWritingNothing();
            assertTrue(Long.parseLong(r.header("Retry-After")) >= 1, c.name() + ": Retry-After");
            assertEquals(List.of(), stripe.requests(), "Stripe was called for " + c.name());
        }
    }

    @Test
    void anotherUsersTopUp_is404_whateverIdentityTheRequestClaims() {
        LambdaApi mallory = LambdaApi.as(Wallets.newUser("mallory"));
        String path = "/topups/" + ownersTopUp;
        Map<String, String> spoof = Map.of("X-User-Id", OWNER, "X-Demo-User", OWNER);
        new HostileRequest("another user's top-up", mallory, "GET", path, Map.of(), null, Map.of(), 404, "not-found")
                .assertRefusedWritingNothing();
        new HostileRequest("another user's top-up, user id in headers", mallory, "GET", path, spoof, null, Map.of(), 404,
                "not-found").assertRefusedWritingNothing();
        new HostileRequest("another user's top-up, user id in query", mallory, "GET", path, Map.of(), null,
                Map.of("userId", OWNER, "owner", OWNER), 404, "not-found").assertRefusedWritingNothing();
        Response own = LambdaApi.as(OWNER).get(path);
        assertEquals(200, own.status(), "the owner does see it: " + own.body());
    }
}

package dev.coinslot.api.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The direct checkout path ({@link LambdaFrontDoor}): which requests it takes, and that its answers equal, status,
 * headers and body bytes, those of the HTTP stack for the same request. A request is sent through the HTTP stack by
 * an {@code Accept} header with a parameter, which the direct path leaves to it and the HTTP stack accepts.
 */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class DirectCheckoutTest {

    private static final String VIA_HTTP_STACK = "application/json;q=0.9";

    @Inject
    DirectCheckout direct;

    @Inject
    ObjectMapper json;

    private static String body(String sku, int quantity, long price) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"expectedPriceCredits\":" + price + "}";
    }

    private static Response post(LambdaApi api, Map<String, String> headers, String body) {
        return api.post("/checkout", body, headers);
    }

    private static Map<String, String> key(String key, String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Idempotency-Key", key);
        h.put("Accept", accept);
        return h;
    }

    /** Sends {@code request} once and tells whether the direct path answered it. */
    private boolean servedDirectly(Function<LambdaApi, Response> request, LambdaApi api) {
        long before = direct.served();
        request.apply(api);
        return direct.served() == before + 1;
    }

    @Test
    void plainCheckouts_areServedDirectly_everythingElseByTheHttpStack() {
        String user = Wallets.newUser("direct");
        Wallets.fund(user, 1000);
        LambdaApi api = LambdaApi.as(user);
        String ok = body("sticker-cat", 1, 49);

        assertEquals(true, servedDirectly(a -> a.checkout("d-1", "sticker-cat", 1, 49), api));
        assertEquals(true, servedDirectly(a -> a.checkout("d-1", "sticker-cat", 1, 49), api), "replay");
        assertEquals(true, servedDirectly(a -> a.checkout("d-2", "no-such-sku", 1, 49), api), "a 404 outcome");
        assertEquals(true, servedDirectly(a -> post(a, key("d-3", "application/json, text/plain, */*"), ok), api));

        assertEquals(false, servedDirectly(a -> post(a, Map.of(), ok), api), "no Idempotency-Key");
        assertEquals(false, servedDirectly(a -> post(a, key("d,4", "application/json"), ok), api), "key with a comma");
        assertEquals(false, servedDirectly(a -> post(a, key("d-5", VIA_HTTP_STACK), ok), api), "Accept with parameters");
        assertEquals(false, servedDirectly(a -> post(a, key("d-6", "text/html"), ok), api), "Accept without JSON");
        assertEquals(false, servedDirectly(a -> a.post("/checkout", ok,
                Map.of("Idempotency-Key", "d-7", "Content-Type", "text/plain")), api), "not JSON");
        assertEquals(false, servedDirectly(a -> post(a, key("d-8", "application/json"), "{\"sku\":"), api), "bad JSON");
        assertEquals(false, servedDirectly(a -> post(a, key("d-9", "application/json"), body("sticker-cat", 0, 0)), api),
                "invalid values");
        assertEquals(false, servedDirectly(a -> post(a, key("d-10", "application/json"),
                "{\"sku\":\"sticker-cat\",\"quantity\":1,\"expectedPriceCredits\":49,\"userId\":\"x\"}"), api), "unknown field");
        assertEquals(false, servedDirectly(a -> a.send("POST", "/checkout/", key("d-11", "application/json"), ok, Map.of()),
                api), "another path");
        assertEquals(false, servedDirectly(a -> a.checkout("d-12", "sticker-cat", 1, 49), LambdaApi.anonymous()),
                "no JWT claims");

        // purchases: d-1 (and its replay) and d-3 directly, d-5 and d-11 by the HTTP stack (which takes a trailing
        // slash; API Gateway routes only the exact path); every other request was refused and wrote nothing
        assertEquals(1000 - 4 * 49, WalletInvariants.assertConsistent(user));
        assertEquals(4, WalletInvariants.purchaseCount(user));
    }

    /** Status, headers (names case-insensitive) and body bytes of the direct and the HTTP stack's answer. */
    private static void assertSameAnswer(Response viaDirect, Response viaHttp) {
        assertEquals(viaHttp.status(), viaDirect.status(), viaDirect.body());
        assertEquals(viaHttp.headers(), viaDirect.headers());
        assertEquals(viaHttp.body(), viaDirect.body());
    }

    @Test
    void directAndHttpStackAnswers_areIdentical_forEveryOutcome() {
        String user = Wallets.newUser("parity");
        Wallets.fund(user, 100);
        LambdaApi api = LambdaApi.as(user);

        Response created = post(api, key("p-1", "application/json"), body("sticker-cat", 1, 49));
        assertEquals(201, created.status());
        // replays: once answered directly, once by the HTTP stack
        assertSameAnswer(post(api, key("p-1", "application/json"), body("sticker-cat", 1, 49)),
                post(api, key("p-1", VIA_HTTP_STACK), body("sticker-cat", 1, 49)));

        String[][] refused = {
                {"p-2", "article-fees", "199"},     // 402 insufficient credits (51 left)
                {"p-3", "hat-gold", "98"},          // 409 price changed
                {"p-4", "no-such-sku", "10"},       // 404 unknown SKU
                {"p-1", "hat-gold", "99"},          // 422 key reused for another request
        };
        for (String[] r : refused) {
            Response viaDirect = post(api, key(r[0], "application/json"), body(r[1], 1, Long.parseLong(r[2])));
            Response viaHttp = post(api, key(r[0], VIA_HTTP_STACK), body(r[1], 1, Long.parseLong(r[2])));
            assertSameAnswer(viaDirect, viaHttp);
        }
        Wallets.setStatus(user, "FROZEN");
        assertSameAnswer(post(api, key("p-5", "application/json"), body("sticker-cat", 1, 49)),
                post(api, key("p-5", VIA_HTTP_STACK), body("sticker-cat", 1, 49)));
        assertEquals(423, post(api, key("p-5", "application/json"), body("sticker-cat", 1, 49)).status());
        assertEquals(51, WalletInvariants.assertConsistent(user));
        assertEquals(1, WalletInvariants.purchaseCount(user));
    }

    @Test
    void theRawLambdaResponse_hasTheShapeOfTheHttpStacksResponse() {
        String user = Wallets.newUser("shape");
        Wallets.fund(user, 100);
        LambdaApi api = LambdaApi.as(user);
        String direct = raw(api, "s-1", "application/json");
        String viaHttp = raw(api, "s-1", VIA_HTTP_STACK);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            var a = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(direct);
            var b = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(viaHttp);
            assertEquals(iterable(b.fieldNames()), iterable(a.fieldNames()));
            assertEquals(b.get("isBase64Encoded"), a.get("isBase64Encoded"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static java.util.Set<String> iterable(java.util.Iterator<String> names) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static String raw(LambdaApi api, String key, String accept) {
        String event = api.event("POST", "/checkout", key(key, accept), body("sticker-cat", 1, 49), Map.of());
        return given().contentType("application/json").body(event).when().post("/_lambda_").then().extract().asString();
    }

    @Test
    void theHandlerQuarkusLooksUpPerInvocation_isOneInstance_stillBehindTheFrontDoor() throws Exception {
        // the lookup quarkus-amazon-lambda makes for every invocation (AmazonLambdaRecorder.handle → BeanContainer →
        // ArcContainer.select)
        LambdaHttpHandler first = Arc.container().select(LambdaHttpHandler.class).get();
        LambdaHttpHandler second = Arc.container().select(LambdaHttpHandler.class).get();
        assertSame(first, second);
        assertTrue(first instanceof SingletonHttpHandler, first.getClass().getName());
        // the shared instance is decorated: a plain checkout through it is served by the direct path
        String user = Wallets.newUser("single");
        Wallets.fund(user, 500);
        APIGatewayV2HTTPEvent event = json.readValue(LambdaApi.as(user).event("POST", "/checkout",
                key("single-1", "application/json"), body("sticker-cat", 1, 49), Map.of()), APIGatewayV2HTTPEvent.class);
        long before = direct.served();
        APIGatewayV2HTTPResponse answer = first.handleRequest(event, null);
        assertEquals(201, answer.getStatusCode(), answer.getBody());
        assertEquals(before + 1, direct.served());
    }
}

package dev.coinslot.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends raw API Gateway HTTP API (payload v2) events to the Lambda mock event server's {@code /_lambda_} endpoint,
 * with or without JWT authorizer claims, exactly as API Gateway would invoke the function.
 */
public final class LambdaApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String subject;
    private final boolean viaApiGateway;
    private final List<String> scopes;

    private LambdaApi(String subject) {
        this(subject, true, List.of());
    }

    private LambdaApi(String subject, boolean viaApiGateway) {
        this(subject, viaApiGateway, List.of());
    }

    private LambdaApi(String subject, boolean viaApiGateway, List<String> scopes) {
        this.subject = subject;
        this.viaApiGateway = viaApiGateway;
        this.scopes = scopes;
    }

    /** The same caller with an access token granting {@code granted} (in the event's scopes and the scope claim). */
    public LambdaApi withScopes(String... granted) {
        return new LambdaApi(subject, viaApiGateway, List.of(granted));
    }

    public Response put(String path, String body) {
        return send("PUT", path, Map.of(), body, Map.of());
    }

    /** Invocations as the EventBridge schedule makes them: a synthetic event with no apiId and no authorizer. */
    public static LambdaApi scheduled() {
        return new LambdaApi(null, false);
    }

    /** Requests carrying validated JWT claims for {@code subject}. */
    public static LambdaApi as(String subject) {
        return new LambdaApi(subject);
    }

    /** Requests without any authorizer context (a public route, or a misrouted anonymous call). */
    public static LambdaApi anonymous() {
        return new LambdaApi(null);
    }

    public Response get(String path) {
        return send("GET", path, Map.of(), null, Map.of());
    }

    public Response get(String path, Map<String, String> query) {
        return send("GET", path, Map.of(), null, query);
    }

    public Response post(String path, String body, Map<String, String> headers) {
        return send("POST", path, headers, body, Map.of());
    }

    public Response checkout(String key, String sku, int quantity, long expectedPriceCredits) {
        return post("/checkout", checkoutBody(sku, quantity, expectedPriceCredits), idempotencyHeader(key));
    }

    /** The event of {@link #checkout}, for drivers that invoke the function themselves. */
    public String checkoutEvent(String key, String sku, int quantity, long expectedPriceCredits) {
        return event("POST", "/checkout", idempotencyHeader(key), checkoutBody(sku, quantity, expectedPriceCredits), Map.of());
    }

    private static Map<String, String> idempotencyHeader(String key) {
        return key == null ? Map.of() : Map.of("Idempotency-Key", key);
    }

    private static String checkoutBody(String sku, int quantity, long expectedPriceCredits) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"expectedPriceCredits\":" + expectedPriceCredits + "}";
    }

    public Response send(String method, String path, Map<String, String> headers, String body, Map<String, String> query) {
        return invoke(event(method, path, headers, body, query));
    }

    /** Invokes the function with this exact event (JSON text), e.g. one a test altered after {@link #event}. */
    public static Response invoke(String event) {
        String raw = given().contentType("application/json").body(event).when().post("/_lambda_").then().extract().asString();
        return Response.parse(raw);
    }

    /** The API Gateway HTTP API (payload 2.0) event for this caller, as JSON text. */
    public String event(String method, String path, Map<String, String> headers, String body, Map<String, String> query) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        StringBuilder rawQuery = new StringBuilder();
        query.forEach((k, v) -> rawQuery.append(rawQuery.isEmpty() ? "" : "&").append(k).append('=').append(v));
        event.put("rawQueryString", rawQuery.toString());
        if (!query.isEmpty()) {
            event.set("queryStringParameters", JSON.valueToTree(query));
        }
        Map<String, String> allHeaders = new LinkedHashMap<>();
        allHeaders.put("content-type", "application/json");
        allHeaders.put("accept", "application/json");
        headers.forEach((k, v) -> {
            allHeaders.remove(k.toLowerCase());
            allHeaders.put(k.toLowerCase(), v);
        });
        event.set("headers", JSON.valueToTree(allHeaders));
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("accountId", "123456789012");
        if (viaApiGateway) {
            ctx.put("apiId", "api123");
        }
        ctx.put("domainName", "api123.execute-api.us-east-1.amazonaws.com");
        ctx.put("requestId", java.util.UUID.randomUUID().toString());
        ctx.put("routeKey", method + " " + path);
        ctx.put("stage", "$default");
        ctx.put("timeEpoch", System.currentTimeMillis());
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.7");
        http.put("userAgent", "coinslot-test");
        if (subject != null) {
            ObjectNode jwt = ctx.putObject("authorizer").putObject("jwt");
            ObjectNode claims = jwt.putObject("claims");
            claims.put("sub", subject);
            claims.put("iss", "https://issuer.example.com/");
            claims.put("aud", "coinslot");
            if (!scopes.isEmpty()) {
                claims.put("scope", String.join(" ", scopes));
            }
            scopes.forEach(jwt.putArray("scopes")::add);
        }
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    /** The function's API Gateway v2 response. */
    public record Response(int status, Map<String, String> headers, String body) {

        /** Reads the function's answer as the Lambda runtime returns it. */
        public static Response parse(String raw) {
            try {
                return of(JSON.readTree(raw));
            } catch (Exception e) {
                throw new IllegalStateException("not a Lambda response: " + raw, e);
            }
        }

        static Response of(JsonNode node) {
            Map<String, String> headers = new LinkedHashMap<>();
            node.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey().toLowerCase(), e.getValue().asText()));
            node.path("multiValueHeaders").fields().forEachRemaining(e -> {
                List<String> values = new java.util.ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                headers.putIfAbsent(e.getKey().toLowerCase(), String.join(",", values));
            });
            String body = node.path("body").isNull() ? "" : node.path("body").asText("");
            if (node.path("isBase64Encoded").asBoolean(false)) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            return new Response(node.path("statusCode").asInt(), headers, body);
        }

        public JsonPath json() {
            return new JsonPath(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }
    }
}

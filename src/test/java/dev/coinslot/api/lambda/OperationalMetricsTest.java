package dev.coinslot.api.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded-metric-format lines each kind of answer produces, as CloudWatch would read them. */
class OperationalMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
    private final OperationalMetrics metrics = new OperationalMetrics("checkout", Clock.fixed(NOW, ZoneOffset.UTC));

    private static APIGatewayV2HTTPEvent event(String method, String path, String body) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .build()).build()).build();
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private List<JsonNode> lines(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : metrics.lines(event, response)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void checkout201_isOneCheckout_aReplayIsNone() throws Exception {
        List<JsonNode> lines = lines(event("POST", "/checkout", "{}"),
                response(201, Map.of("Content-Type", "application/json", "Idempotent-Replayed", "false"), "{}"));
        assertEquals(1, lines.size());
        JsonNode line = lines.get(0);
        assertEquals(1, line.path("Checkouts").asLong());
        assertEquals("checkout", line.path("Function").asText());
        assertEquals(NOW.toEpochMilli(), line.path("_aws").path("Timestamp").asLong());
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("Coinslot", directive.path("Namespace").asText());
        assertEquals("[[\"Function\"]]", directive.path("Dimensions").toString());
        assertEquals("[{\"Name\":\"Checkouts\",\"Unit\":\"Count\"}]", directive.path("Metrics").toString());

        assertEquals(List.of(), lines(event("POST", "/checkout", "{}"),
                response(201, Map.of("idempotent-replayed", "true"), "{}")));
    }

    @Test
    void problemAnswer_isARefusalByItsType() throws Exception {
        JsonNode line = lines(event("POST", "/checkout", "{}"), response(402,
                Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"https://coinslot.dev/problems/insufficient-credits\",\"status\":402}")).get(0);
        assertEquals("insufficient-credits", line.path("ProblemType").asText());
        assertEquals(1, line.path("Refusals").asLong());
        assertEquals("[[\"Function\",\"ProblemType\"]]",
                line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        // a body that is not a problem, or a type that is no slug, makes no dimension value up
        assertEquals(List.of(), lines(event("GET", "/wallet", null), response(500, Map.of(), "oops")));
        assertEquals(List.of(), lines(event("GET", "/wallet", null), response(400,
                Map.of("Content-Type", "application/problem+json"), "{\"type\":\"x/<script>\"}")));
    }

    @Test
    void webhook_isCountedByOutcome_withItsLag() throws Exception {
        List<JsonNode> lines = lines(event("POST", "/webhooks/stripe", "{\"id\":\"evt_1\",\"created\":"
                + (NOW.getEpochSecond() - 42) + "}"), response(200, Map.of("Content-Type", "application/json"),
                "{\"received\":true,\"outcome\":\"applied\"}"));
        assertEquals(2, lines.size());
        assertEquals("applied", lines.get(0).path("Outcome").asText());
        assertEquals(1, lines.get(0).path("WebhookEvents").asLong());
        assertEquals(42, lines.get(1).path("WebhookLagSeconds").asLong());
        assertEquals("Seconds", lines.get(1).path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0)
                .path("Unit").asText());
    }

    @Test
    void topUp201_isOneTopUpStarted_otherAnswersNothing() throws Exception {
        assertEquals(1, lines(event("POST", "/topups", "{}"), response(201, Map.of(), "{}")).get(0)
                .path("TopUpsStarted").asLong());
        assertEquals(List.of(), lines(event("GET", "/catalog", null), response(200, Map.of(), "{}")));
    }

    @Test
    void repeatedLines_carryEachInvocationsTime_andOtherwiseTheSameText() throws Exception {
        Instant[] now = {NOW};
        OperationalMetrics ticking = new OperationalMetrics("checkout", new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        });
        APIGatewayV2HTTPEvent checkout = event("POST", "/checkout", "{}");
        String first = ticking.lines(checkout, response(201, Map.of(), "{}")).get(0);
        now[0] = NOW.plusMillis(1234);
        String second = ticking.lines(checkout, response(201, Map.of(), "{}")).get(0);
        assertEquals(NOW.toEpochMilli(), JSON.readTree(first).path("_aws").path("Timestamp").asLong());
        assertEquals(NOW.toEpochMilli() + 1234, JSON.readTree(second).path("_aws").path("Timestamp").asLong());
        assertEquals(first.replace(Long.toString(NOW.toEpochMilli()), "T"),
                second.replace(Long.toString(NOW.toEpochMilli() + 1234), "T"));
        // the same text a line built from scratch has (a fresh instance at the later time)
        assertEquals(second, new OperationalMetrics("checkout", Clock.fixed(now[0], ZoneOffset.UTC))
                .lines(checkout, response(201, Map.of(), "{}")).get(0));
        // refusals of two types stay apart
        APIGatewayV2HTTPResponse problem = response(402, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"https://coinslot.dev/problems/insufficient-credits\"}");
        APIGatewayV2HTTPResponse other = response(409, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"https://coinslot.dev/problems/idempotency-key-reused\"}");
        assertEquals("insufficient-credits", JSON.readTree(ticking.lines(checkout, problem).get(0)).path("ProblemType").asText());
        assertEquals("idempotency-key-reused", JSON.readTree(ticking.lines(checkout, other).get(0)).path("ProblemType").asText());
    }
}

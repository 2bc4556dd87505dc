package dev.coinslot.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.adapter.dynamodb.DynamoDbMetricsStore;
import dev.coinslot.domain.metrics.DayCounters;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.MetricsFunctionProfile;
import dev.coinslot.support.StreamBatches;
import dev.coinslot.support.StreamBatches.Change;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The metrics function as Lambda invokes it: a raw DynamoDB Streams event through the Lambda mock event server (the
 * same JSON reading and writing as the deployed function), answered in the partial-batch form.
 */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(MetricsFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class MetricsFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2032, 1, 5);

    private static JsonNode invoke(String event) throws Exception {
        String raw = given().contentType("application/json").body(event).when().post("/_lambda_").then()
                .statusCode(200).extract().asString();
        return JSON.readTree(raw);
    }

    private static Map<String, AttributeValue> purchase(String user, String id, String sku, long total, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("WALLET#" + user));
        item.put("sk", s("PURCHASE#" + id));
        item.put("type", s("PURCHASE"));
        item.put("owner", s(user));
        item.put("purchaseId", s(id));
        item.put("sku", s(sku));
        item.put("quantity", AttributeValue.builder().n("1").build());
        item.put("total", AttributeValue.builder().n(Long.toString(total)).build());
        item.put("at", s(at.toString()));
        return item;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private DayCounters day() {
        DynamoDbMetricsStore store = new DynamoDbMetricsStore(DynamoDbLocalResource.client(),
                DynamoDbLocalResource.TABLE, Clock.systemUTC());
        return store.days(DAY, DAY.plusDays(1)).get(0);
    }

    @Test
    void streamBatch_isCounted_andAnsweredWithTheFailedPositionsOnly() throws Exception {
        Instant at = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(60);
        Map<String, AttributeValue> poison = purchase("mf-user-2", "pur_mf_bad", "hat-gold", 99, at);
        poison.remove("owner");
        String event = StreamBatches.event(List.of(
                Change.insert("100000000000000000001", purchase("mf-user-1", "pur_mf_1", "hat-gold", 99, at)),
                Change.insert("100000000000000000002", poison),
                Change.insert("100000000000000000003", purchase("mf-user-1", "pur_mf_2", "sticker-cat", 49, at))));

        JsonNode answer = invoke(event);
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"100000000000000000002\"}]}", answer.toString());
        DayCounters counted = day();
        assertEquals(2, counted.purchases());
        assertEquals(148, counted.creditsSpent());
        assertEquals(1, counted.purchasers());

        // the event source mapping delivers the same batch again (a retry): nothing is counted twice
        assertEquals(answer, invoke(event));
        assertEquals(counted, day());
    }

    @Test
    void cleanBatch_answersNoFailures() throws Exception {
        Instant at = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(120);
        JsonNode answer = invoke(StreamBatches.event(List.of(
                Change.insert("200000000000000000001", purchase("mf-user-3", "pur_mf_3", "hat-gold", 99, at)))));
        assertEquals("{\"batchItemFailures\":[]}", answer.toString());
    }

    @Test
    void hostileRecords_areEachReportedByPosition_andNothingIsCounted() throws Exception {
        LocalDate day = LocalDate.of(2032, 2, 9);
        String at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(5).toString();
        String good = "\"type\":{\"S\":\"PURCHASE\"},\"owner\":{\"S\":\"mf-h\"},\"purchaseId\":{\"S\":\"pur_h\"}";
        String[] images = {
            "{" + good + ",\"sku\":{\"S\":\"hat\"},\"quantity\":{\"N\":\"1e400\"},\"total\":{\"N\":\"99\"},\"at\":{\"S\":\"" + at + "\"}}",
            "{" + good + ",\"sku\":{\"S\":\"hat\"},\"quantity\":{\"N\":\"0\"},\"total\":{\"N\":\"99\"},\"at\":{\"S\":\"" + at + "\"}}",
            "{" + good + ",\"sku\":{\"S\":\"hat\"},\"quantity\":{\"N\":\"1\"},\"total\":{\"N\":\"-99\"},\"at\":{\"S\":\"" + at + "\"}}",
            "{" + good + ",\"sku\":{\"N\":\"7\"},\"quantity\":{\"N\":\"1\"},\"total\":{\"N\":\"99\"},\"at\":{\"S\":\"" + at + "\"}}",
            "{" + good + ",\"sku\":{\"S\":\"hat\"},\"quantity\":{\"N\":\"abc\"},\"total\":{\"N\":\"99\"},\"at\":{\"S\":\"" + at + "\"}}",
            "{" + good + ",\"sku\":{\"S\":\"hat\",\"N\":\"1\"},\"quantity\":{\"N\":\"1\"},\"total\":{\"N\":\"99\"},\"at\":{\"S\":\"" + at + "\"}}",
            "{" + good + ",\"sku\":{\"S\":\"hat\"},\"quantity\":{\"N\":\"1\"},\"total\":{\"N\":\"99\"},\"at\":{\"S\":\"2032-02-09\"}}",
            "{\"type\":{\"S\":\"TOPUP\"},\"owner\":{\"S\":\"mf-h\"},\"topupId\":{\"S\":\"top_h\"},\"creditedAt\":{\"S\":\"" + at + "\"}}",
            "{\"type\":{\"S\":\"LEDGER\"},\"owner\":{\"S\":\"mf-h\"},\"seq\":{\"N\":\"3\"},\"entryType\":{\"S\":\"NO_SUCH_TYPE\"}}",
            "[1,2,3]"};
        StringBuilder event = new StringBuilder("{\"Records\":[");
        List<String> positions = new java.util.ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            String position = String.format("3000000000000000000%02d", i);
            positions.add(position);
            event.append(i == 0 ? "" : ",").append("{\"eventName\":\"INSERT\",\"eventSource\":\"aws:dynamodb\",")
                    .append("\"dynamodb\":{\"SequenceNumber\":\"").append(position).append("\",\"NewImage\":")
                    .append(images[i]).append("}}");
        }
        event.append("]}");

        JsonNode answer = invoke(event.toString());
        List<String> failed = new java.util.ArrayList<>();
        answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        assertEquals(positions, failed);
        DynamoDbMetricsStore store = new DynamoDbMetricsStore(DynamoDbLocalResource.client(),
                DynamoDbLocalResource.TABLE, Clock.systemUTC());
        assertEquals(List.of(), store.days(day, day.plusDays(1)));
    }

    @Test
    void payloadThatIsNoBatch_failsTheInvocation_andCountsNothing() {
        for (String hostile : List.of("{\"Records\":\"x\"}", "{\"Records\":{\"a\":1}}", "{\"Records\":7}")) {
            String raw = given().contentType("application/json").body(hostile).when().post("/_lambda_").then()
                    .extract().asString();
            assertTrue(raw.contains("errorMessage") || raw.contains("errorType"), hostile + " -> " + raw);
        }
    }

    @Test
    void httpRequest_toTheMetricsFunction_isNotFound() {
        LambdaApi.Response response = LambdaApi.as("mf-user-1").get("/wallet");
        assertEquals(404, response.status());
        assertTrue(response.body().contains("not-found"), response.body());
    }
}

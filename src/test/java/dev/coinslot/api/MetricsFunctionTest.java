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
    void httpRequest_toTheMetricsFunction_isNotFound() {
        LambdaApi.Response response = LambdaApi.as("mf-user-1").get("/wallet");
        assertEquals(404, response.status());
        assertTrue(response.body().contains("not-found"), response.body());
    }
}

package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.adapter.dynamodb.DynamoDbMetricsStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.metrics.MetricFact;
import dev.coinslot.support.AdminFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /admin/metrics} on the admin function against aggregates counted by the real store: the formulas in the
 * answer, grouping by day and SKU, churn; every bad period or grouping is a 400 problem; only the operator scope reads.
 */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(AdminFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class AdminMetricsFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LambdaApi OPERATOR = LambdaApi.as("metrics-operator").withScopes("coinslot/operator");
    private static final LocalDate D1 = LocalDate.of(2033, 4, 1);

    @BeforeAll
    static void counted() {
        DynamoDbMetricsStore store = new DynamoDbMetricsStore(DynamoDbLocalResource.client(),
                DynamoDbLocalResource.TABLE, Clock.systemUTC());
        Instant day1 = D1.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
        Instant day2 = day1.plusSeconds(86_400);
        store.count(new MetricFact.ToppedUp("top_am_1", "am-a", Money.of(500, "USD"), Credits.of(500), day1.minusSeconds(2 * 86_400)));
        store.count(new MetricFact.ToppedUp("top_am_2", "am-z", Money.of(500, "USD"), Credits.of(500), day1.minusSeconds(86_400)));
        store.count(new MetricFact.Purchased("pur_am_1", "am-a", "hat-gold", 1, Credits.of(99), day1));
        store.count(new MetricFact.Purchased("pur_am_2", "am-a", "sticker-cat", 2, Credits.of(98), day2));
        store.count(new MetricFact.Purchased("pur_am_3", "am-b", "hat-gold", 1, Credits.of(99), day2));
        store.count(new MetricFact.ToppedUp("top_am_3", "am-b", Money.of(1000, "USD"), Credits.of(1100), day2));
    }

    private static Response get(LambdaApi as, Map<String, String> query) {
        return as.get("/admin/metrics", query);
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            q.put(pairs[i], pairs[i + 1]);
        }
        return q;
    }

    @Test
    void byDay_answersTheFormulas() throws Exception {
        Response r = get(OPERATOR, query("from", D1.toString(), "to", D1.plusDays(2).toString()));
        assertEquals(200, r.status(), r.body());
        JsonNode body = JSON.readTree(r.body());
        JsonNode total = body.path("total");
        assertEquals(3, total.path("purchases").asLong());
        assertEquals(296, total.path("creditsSpent").asLong());
        assertEquals(2, total.path("purchasers").asLong());
        assertEquals(1, total.path("payers").asLong());
        assertEquals(2, total.path("activeUsers").asLong());
        assertEquals(1000, total.path("topUpMinor").asLong());
        assertTrue(total.path("conversion").isNull());
        assertEquals(1.5, total.path("purchaseFrequency").asDouble());
        assertEquals(500.0, total.path("arpuMinor").asDouble());
        assertEquals(148.0, total.path("arppuCredits").asDouble());
        // payers of the two days before: am-a (bought again) and am-z (bought nothing): churn 1/2
        assertEquals(2, body.path("churn").path("previousPayers").asLong());
        assertEquals(1, body.path("churn").path("churned").asLong());
        assertEquals(0.5, body.path("churn").path("rate").asDouble());
        assertEquals(List.of(D1.toString(), D1.plusDays(1).toString()),
                List.of(body.path("rows").get(0).path("key").asText(), body.path("rows").get(1).path("key").asText()));
        assertEquals("hat-gold", body.path("topSellers").get(0).path("sku").asText());
        assertEquals(2, body.path("topSellers").get(0).path("purchasers").asLong());
        assertEquals("USD", body.path("currency").asText());
    }

    @Test
    void bySku_groupsThePeriodPerSku() throws Exception {
        Response r = get(OPERATOR, query("from", D1.toString(), "to", D1.plusDays(2).toString(), "groupBy", "sku"));
        assertEquals(200, r.status(), r.body());
        JsonNode rows = JSON.readTree(r.body()).path("rows");
        assertEquals("hat-gold", rows.get(0).path("key").asText());
        assertEquals(198, rows.get(0).path("figures").path("creditsSpent").asLong());
        assertEquals("sticker-cat", rows.get(1).path("key").asText());
        assertEquals(2, rows.get(1).path("figures").path("quantity").asLong());
    }

    @Test
    void badPeriodsAndGroupings_are400Problems() {
        List<Map<String, String>> periods = List.of(
                query(), query("from", "2033-04-01"), query("to", "2033-04-02"),
                query("from", "2033-04-02", "to", "2033-04-02"), query("from", "2033-04-03", "to", "2033-04-02"),
                query("from", "2033-01-01", "to", "2033-04-05"), query("from", "2033-13-01", "to", "2033-13-02"),
                query("from", "2033-02-30", "to", "2033-03-01"), query("from", "yesterday", "to", "today"),
                query("from", "2033-4-1", "to", "2033-4-2"), query("from", "2033-04-01T00:00:00Z", "to", "2033-04-02"),
                query("from", "+2033-04-01", "to", "2033-04-02"), query("from", "2033-04-01%20", "to", "2033-04-02"),
                query("from", "٢٠٣٣-٠٤-٠١", "to", "2033-04-02"));
        for (Map<String, String> q : periods) {
            Response r = get(OPERATOR, q);
            assertEquals(400, r.status(), q + " -> " + r.body());
            assertTrue(r.body().contains("/invalid-period") && r.body().contains("\"maxDays\":92"), q + " -> " + r.body());
        }
        for (String groupBy : List.of("variant", "segment", "DAY", "sku,day", "sku%00")) {
            Response r = get(OPERATOR, query("from", "2033-04-01", "to", "2033-04-02", "groupBy", groupBy));
            assertEquals(400, r.status(), groupBy + " -> " + r.body());
            assertTrue(r.body().contains("/invalid-group-by") && r.body().contains("\"allowed\":[\"day\",\"sku\"]"),
                    r.body());
        }
    }

    @Test
    void onlyTheOperatorScope_readsMetrics() {
        Map<String, String> q = query("from", D1.toString(), "to", D1.plusDays(2).toString());
        assertEquals(403, get(LambdaApi.as("am-a"), q).status());
        assertEquals(403, get(LambdaApi.as("am-a").withScopes("coinslot/guardian"), q).status());
        assertEquals(401, get(LambdaApi.anonymous(), q).status());
    }
}

package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.coinslot.adapter.dynamodb.DynamoDbMetricsStore;
import dev.coinslot.adapter.dynamodb.MetricItems;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.api.lambda.FunctionRoutes;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metrics function in the SAM template: the table's stream, its event source mapping and a least-privilege role. */
class MetricsTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode resources;

    @BeforeAll
    static void load() throws Exception {
        resources = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml")).path("Resources");
    }

    @Test
    void table_streamsTheImagesTheCodeReads() {
        assertEquals(WalletTable.STREAM_VIEW.toString(), resources.path("WalletTable").path("Properties")
                .path("StreamSpecification").path("StreamViewType").asText());
        assertEquals(WalletTable.STREAM_VIEW, WalletTable.createTableRequest("t").streamSpecification().streamViewType());
    }

    @Test
    void metricsFunction_isInvokedByTheStreamOnly_withRetriesBisectionAndAFailureQueue() throws Exception {
        JsonNode props = resources.path("MetricsFunction").path("Properties");
        assertEquals("metrics", props.path("Environment").path("Variables").path("COINSLOT_FUNCTION").asText());
        assertEquals(List.of(), FunctionRoutes.served(FunctionName.metrics));
        List<String> types = new ArrayList<>();
        props.path("Events").forEach(e -> types.add(e.path("Type").asText()));
        assertEquals(List.of("DynamoDB"), types, "no HTTP route, no schedule");

        JsonNode stream = props.path("Events").path("TableStream").path("Properties");
        assertEquals("WalletTable.StreamArn", stream.path("Stream").asText());
        assertEquals("[\"ReportBatchItemFailures\"]", stream.path("FunctionResponseTypes").toString());
        assertTrue(stream.path("BisectBatchOnFunctionError").asBoolean());
        int retries = stream.path("MaximumRetryAttempts").asInt(-1);
        assertTrue(retries >= 1 && retries <= 10, "finite retries: " + retries);
        assertEquals("SQS", stream.path("DestinationConfig").path("OnFailure").path("Type").asText());
        assertEquals("MetricsFailureQueue.Arn", stream.path("DestinationConfig").path("OnFailure").path("Destination").asText());
        assertEquals("AWS::SQS::Queue", resources.path("MetricsFailureQueue").path("Type").asText());

        JsonNode pattern = JSON.readTree(stream.path("FilterCriteria").path("Filters").get(0).path("Pattern").asText());
        List<String> filtered = new ArrayList<>();
        pattern.path("dynamodb").path("NewImage").path("type").path("S").forEach(t -> filtered.add(t.asText()));
        assertEquals(MetricItems.FACT_TYPES, filtered, "the filter passes exactly the item types that can be facts");
    }

    @Test
    void dashboard_isValidJson_andShowsEveryOperationalMetricTheCodeWrites() throws Exception {
        String body = resources.path("OperationsDashboard").path("Properties").path("DashboardBody").asText();
        JsonNode dashboard = JSON.readTree(body.replaceAll("\\$\\{[^}]+}", "x"));
        assertTrue(dashboard.path("widgets").size() >= 4);
        for (String metric : List.of("Checkouts", "TopUpsStarted", "Refusals", "WebhookEvents", "WebhookLagSeconds",
                "MetricsFactsAdded", "MetricsRecordsFailed")) {
            assertTrue(body.contains(metric), metric + " is on the dashboard");
            assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of(
                    "src/main/java/dev/coinslot/api/lambda/OperationalMetrics.java")).contains("\"" + metric + "\""),
                    metric + " is written by OperationalMetrics");
        }
        assertTrue(body.contains("\"" + dev.coinslot.api.lambda.OperationalMetrics.NAMESPACE + "\""));
    }

    @Test
    void metricsRole_readsTheStream_andWritesOnlyItsOwnItems() {
        JsonNode role = resources.path("MetricsFunctionRole");
        Map<String, Set<String>> actionsByResource = new TreeMap<>();
        List<JsonNode> tableStatements = new ArrayList<>();
        role.path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement").forEach(st -> {
            Set<String> actions = new TreeSet<>();
            st.path("Action").forEach(a -> actions.add(a.asText()));
            actionsByResource.computeIfAbsent(st.path("Resource").asText(), k -> new TreeSet<>()).addAll(actions);
            if ("WalletTable.Arn".equals(st.path("Resource").asText())) {
                tableStatements.add(st);
            }
            actions.forEach(a -> assertFalse(a.contains("*") || a.startsWith("secretsmanager:"), a));
        }));
        assertEquals(Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                "dynamodb:ListStreams"), actionsByResource.get("WalletTable.StreamArn"));
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                actionsByResource.get("WalletTable.Arn"));
        assertEquals(1, tableStatements.size());
        List<String> keys = new ArrayList<>();
        tableStatements.get(0).path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys")
                .forEach(k -> keys.add(k.asText()));
        assertEquals(DynamoDbMetricsStore.KEY_PREFIXES.stream().map(p -> p + "*").toList(), keys);
        assertEquals(Set.of("sqs:SendMessage"), actionsByResource.get("MetricsFailureQueue.Arn"));
        assertTrue(role.path("Properties").path("ManagedPolicyArns").isMissingNode());
    }
}

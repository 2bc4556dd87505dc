package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.api.FunctionRoutes;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Keeps {@code infra/template.yaml} and the code in step: the table the code creates locally, the routes each
 * function serves, and the DynamoDB actions each function's role allows.
 */
class SamTemplateTest {

    /** DynamoDB IAM actions each function's code performs (TransactWriteItems is authorised per contained action). */
    static final Map<FunctionName, Set<String>> DYNAMODB_ACTIONS = Map.of(
            FunctionName.checkout, Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"));

    static final Map<FunctionName, String> LOGICAL_ID = Map.of(FunctionName.checkout, "CheckoutFunction");

    private static JsonNode resources;

    @BeforeAll
    static void load() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml"));
        resources = template.path("Resources");
    }

    @Test
    void walletTable_matchesTheTableTheCodeCreates() {
        JsonNode table = resources.path("WalletTable");
        assertEquals("AWS::DynamoDB::Table", table.path("Type").asText());
        assertEquals("Retain", table.path("DeletionPolicy").asText());
        JsonNode props = table.path("Properties");
        CreateTableRequest local = WalletTable.createTableRequest("any");
        assertEquals(local.billingModeAsString(), props.path("BillingMode").asText());
        Map<String, String> templateAttrs = new HashMap<>();
        props.path("AttributeDefinitions").forEach(a -> templateAttrs.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        Map<String, String> codeAttrs = new HashMap<>();
        local.attributeDefinitions().forEach(a -> codeAttrs.put(a.attributeName(), a.attributeTypeAsString()));
        assertEquals(codeAttrs, templateAttrs);
        Map<String, String> templateKeys = new HashMap<>();
        props.path("KeySchema").forEach(k -> templateKeys.put(k.path("AttributeName").asText(), k.path("KeyType").asText()));
        Map<String, String> codeKeys = new HashMap<>();
        local.keySchema().forEach(k -> codeKeys.put(k.attributeName(), k.keyTypeAsString()));
        assertEquals(codeKeys, templateKeys);
        assertEquals(local.hasGlobalSecondaryIndexes() ? local.globalSecondaryIndexes().size() : 0,
                props.path("GlobalSecondaryIndexes").size());
        assertEquals(WalletTable.TTL, props.path("TimeToLiveSpecification").path("AttributeName").asText());
        assertTrue(props.path("TimeToLiveSpecification").path("Enabled").asBoolean());
        assertTrue(props.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean());
    }

    @Test
    void eachFunction_isRoutedExactlyTheRoutesItsCodeServes() {
        for (Map.Entry<FunctionName, String> e : LOGICAL_ID.entrySet()) {
            JsonNode props = resources.path(e.getValue()).path("Properties");
            assertEquals(e.getKey().name(), props.path("Environment").path("Variables").path("COINSLOT_FUNCTION").asText());
            Set<String> templateRoutes = new TreeSet<>();
            Set<String> publicRoutes = new TreeSet<>();
            props.path("Events").forEach(ev -> {
                if ("HttpApi".equals(ev.path("Type").asText())) {
                    String route = ev.path("Properties").path("Method").asText() + " " + ev.path("Properties").path("Path").asText();
                    templateRoutes.add(route);
                    if ("NONE".equals(ev.path("Properties").path("Auth").path("Authorizer").asText())) {
                        publicRoutes.add(route);
                    }
                }
            });
            Set<String> codeRoutes = new TreeSet<>();
            FunctionRoutes.of(e.getKey()).forEach(r -> codeRoutes.add(r.toString()));
            assertEquals(codeRoutes, templateRoutes, e.getValue());
            Set<String> codePublic = new TreeSet<>();
            FunctionRoutes.PUBLIC.stream().filter(r -> codeRoutes.contains(r.toString())).forEach(r -> codePublic.add(r.toString()));
            assertEquals(codePublic, publicRoutes, e.getValue() + " public routes");
        }
    }

    @Test
    void eachRole_allowsExactlyTheDynamoDbActionsItsCodeUses_onTheTableOnly() {
        for (Map.Entry<FunctionName, String> e : LOGICAL_ID.entrySet()) {
            // Jackson's YAML reader drops CloudFormation short-form tags: "!GetAtt X.Arn" reads as "X.Arn".
            String roleRef = resources.path(e.getValue()).path("Properties").path("Role").asText();
            assertTrue(roleRef.endsWith(".Arn"), e.getValue() + " must use its own role: " + roleRef);
            String roleId = roleRef.substring(0, roleRef.length() - ".Arn".length());
            JsonNode role = resources.path(roleId);
            assertEquals("AWS::IAM::Role", role.path("Type").asText(), roleId);
            Set<String> dynamoActions = new TreeSet<>();
            role.path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement").forEach(st -> {
                List<String> actions = new java.util.ArrayList<>();
                if (st.path("Action").isArray()) {
                    st.path("Action").forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(st.path("Action").asText());
                }
                for (String action : actions) {
                    assertFalse(action.contains("*"), "wildcard action " + action + " in " + roleId);
                    if (action.startsWith("dynamodb:")) {
                        dynamoActions.add(action);
                        assertEquals("WalletTable.Arn", st.path("Resource").asText(),
                                action + " must be scoped to the wallet table in " + roleId);
                    }
                }
            }));
            assertEquals(new TreeSet<>(DYNAMODB_ACTIONS.get(e.getKey())), dynamoActions, roleId);
            assertTrue(role.path("Properties").path("ManagedPolicyArns").isMissingNode(), roleId + " must not attach managed policies");
        }
    }
}

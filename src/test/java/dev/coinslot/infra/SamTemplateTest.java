package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.coinslot.adapter.dynamodb.WalletTable;
import dev.coinslot.api.lambda.FunctionRoutes;
import dev.coinslot.api.lambda.FunctionRoutes.Route;
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
 * function serves (public and schedule-only), the environment each function reads, and the DynamoDB actions each
 * function's role allows.
 */
class SamTemplateTest {

    /** DynamoDB IAM actions each function's code performs (TransactWriteItems is authorised per contained action). */
    static final Map<FunctionName, Set<String>> DYNAMODB_ACTIONS = Map.of(
            FunctionName.checkout, Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"),
            FunctionName.topup, Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
            FunctionName.webhook, Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"),
            FunctionName.admin, Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"));

    static final Map<FunctionName, String> LOGICAL_ID = Map.of(
            FunctionName.checkout, "CheckoutFunction",
            FunctionName.topup, "TopupFunction",
            FunctionName.webhook, "WebhookFunction",
            FunctionName.admin, "AdminFunction");

    /** Environment variables every function's configuration needs (from Globals or the function itself). */
    static final Set<String> COMMON_ENV = Set.of("DISABLE_SIGNAL_HANDLERS", "COINSLOT_TABLE_NAME", "COINSLOT_CURRENCY",
            "COINSLOT_FUNCTION", "COINSLOT_DEPLOYMENT_ID");

    /**
     * The template parameter naming each function's own Stripe secret (its ARN), read at init via STRIPE_SECRET_ARN. The
     * admin function talks to no payment provider: it has none.
     */
    static final Map<FunctionName, String> SECRET_PARAMETER = Map.of(
            FunctionName.checkout, "CheckoutStripeSecretArn",
            FunctionName.topup, "TopupStripeSecretArn",
            FunctionName.webhook, "WebhookStripeSecretArn");

    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void load() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml"));
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
        assertTrue(props.path("SSESpecification").path("SSEEnabled").asBoolean());
        assertTrue(props.path("DeletionProtectionEnabled").asBoolean());
    }

    @Test
    void httpApi_usesTheDefaultStage_soRawPathCarriesNoStagePrefix() {
        // With a named stage, API Gateway passes rawPath as "/{stage}/catalog"; the functions route on "/catalog".
        assertEquals("$default", resources.path("HttpApi").path("Properties").path("StageName").asText());
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

    @Test
    void sweepSchedule_invokesTheInternalSweepRoute_withoutApiId() throws Exception {
        Route sweep = FunctionRoutes.INTERNAL.get(FunctionName.webhook).get(0);
        JsonNode event = resources.path(LOGICAL_ID.get(FunctionName.webhook)).path("Properties").path("Events")
                .path("ReconciliationSweep");
        assertEquals("Schedule", event.path("Type").asText());
        // "!Ref SweepSchedule" reads as "SweepSchedule" (short-form tags are dropped).
        assertEquals("SweepSchedule", event.path("Properties").path("Schedule").asText());
        JsonNode input = new ObjectMapper().readTree(event.path("Properties").path("Input").asText());
        assertEquals("2.0", input.path("version").asText());
        assertEquals(sweep.toString(), input.path("routeKey").asText());
        assertEquals(sweep.path(), input.path("rawPath").asText());
        JsonNode requestContext = input.path("requestContext");
        assertEquals(sweep.toString(), requestContext.path("routeKey").asText());
        assertEquals(sweep.method(), requestContext.path("http").path("method").asText());
        assertEquals(sweep.path(), requestContext.path("http").path("path").asText());
        // No apiId is how the code tells the schedule from a request that came through the gateway.
        assertTrue(requestContext.path("apiId").isMissingNode(), "sweep event must not carry requestContext.apiId");

        // And no function exposes an internal route through the HTTP API.
        Set<String> internal = new TreeSet<>();
        FunctionRoutes.INTERNAL.values().forEach(routes -> routes.forEach(r -> internal.add(r.toString())));
        resources.forEach(resource -> resource.path("Properties").path("Events").forEach(ev -> {
            if ("HttpApi".equals(ev.path("Type").asText())) {
                String route = ev.path("Properties").path("Method").asText() + " " + ev.path("Properties").path("Path").asText();
                assertFalse(internal.contains(route), "internal route " + route + " must not be routed by the HTTP API");
            }
        }));
    }

    @Test
    void eachFunction_hasTheEnvironmentItsCodeReads() {
        Map<String, String> globals = new HashMap<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").properties()
                .forEach(v -> globals.put(v.getKey(), v.getValue().asText()));
        assertEquals("true", globals.get("DISABLE_SIGNAL_HANDLERS"), "Globals must set DISABLE_SIGNAL_HANDLERS");
        // one identity per stack and region, the same for all three functions (they share the table)
        assertEquals("${AWS::Region}/${WalletTable}", globals.get("COINSLOT_DEPLOYMENT_ID"));
        for (Map.Entry<FunctionName, String> e : LOGICAL_ID.entrySet()) {
            Map<String, String> env = new HashMap<>(globals);
            resources.path(e.getValue()).path("Properties").path("Environment").path("Variables").properties()
                    .forEach(v -> env.put(v.getKey(), v.getValue().asText()));
            for (String name : COMMON_ENV) {
                assertFalse(env.getOrDefault(name, "").isBlank(), e.getValue() + " needs " + name);
            }
            assertEquals("true", env.get("DISABLE_SIGNAL_HANDLERS"), e.getValue());
            assertEquals(e.getKey().name(), env.get("COINSLOT_FUNCTION"), e.getValue());
            // "!Ref X" reads as "X" (short-form tags are dropped).
            assertEquals(SECRET_PARAMETER.get(e.getKey()), env.get("STRIPE_SECRET_ARN"), e.getValue() + " reads its own secret");
            for (Map.Entry<String, String> v : env.entrySet()) {
                assertFalse(v.getValue().contains("{{resolve:"), e.getValue() + " " + v.getKey()
                        + ": no secret resolved into a plaintext environment variable");
                assertFalse(v.getKey().startsWith("STRIPE_") && !v.getKey().equals("STRIPE_SECRET_ARN"),
                        e.getValue() + " " + v.getKey() + ": Stripe credentials come from the secret only");
            }
        }
    }

    @Test
    void eachRole_mayReadExactlyItsOwnStripeSecret_andNothingElseInSecretsManager() {
        for (Map.Entry<FunctionName, String> e : LOGICAL_ID.entrySet()) {
            String own = SECRET_PARAMETER.get(e.getKey());
            if (own != null) {
                JsonNode parameter = template.path("Parameters").path(own);
                assertEquals("String", parameter.path("Type").asText(), own);
                assertTrue(parameter.path("AllowedPattern").asText().contains(":secretsmanager:"), own + " must be a secret ARN");
            }
            String roleRef = resources.path(e.getValue()).path("Properties").path("Role").asText();
            JsonNode role = resources.path(roleRef.substring(0, roleRef.length() - ".Arn".length()));
            List<String> secretGrants = new java.util.ArrayList<>();
            role.path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement").forEach(st -> {
                List<String> actions = new java.util.ArrayList<>();
                if (st.path("Action").isArray()) {
                    st.path("Action").forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(st.path("Action").asText());
                }
                String resource = st.path("Resource").asText();
                for (String other : SECRET_PARAMETER.values()) {
                    assertFalse(!other.equals(own) && st.path("Resource").toString().contains(other),
                            e.getValue() + "'s role must not name " + other);
                }
                actions.stream().filter(a -> a.startsWith("secretsmanager:") || a.startsWith("kms:") || a.startsWith("ssm:"))
                        .forEach(a -> secretGrants.add(a + " on " + resource));
            }));
            assertEquals(own == null ? List.of() : List.of("secretsmanager:GetSecretValue on " + own), secretGrants, e.getValue());
        }
    }

    @Test
    void guardianRoutes_requireTheGuardianScope_atTheGateway_andTheCodeChecksTheSameParameter() {
        JsonNode checkout = resources.path(LOGICAL_ID.get(FunctionName.checkout)).path("Properties");
        String scope = checkout.path("Environment").path("Variables").path("COINSLOT_GUARDIAN_SCOPE").asText();
        assertFalse(scope.isBlank(), "the checkout function is told the guardian scope");
        Set<String> guardianRoutes = new TreeSet<>();
        FunctionRoutes.GUARDIAN.forEach(r -> guardianRoutes.add(r.toString()));
        Set<String> scoped = new TreeSet<>();
        for (JsonNode event : checkout.path("Events")) {
            JsonNode props = event.path("Properties");
            String route = props.path("Method").asText() + " " + props.path("Path").asText();
            JsonNode scopes = props.path("Auth").path("AuthorizationScopes");
            if (!scopes.isMissingNode()) {
                assertEquals("OidcAuthorizer", props.path("Auth").path("Authorizer").asText(), route);
                assertEquals(List.of(scope), List.of(scopes.path(0).asText()), route);
                assertEquals(1, scopes.size(), route);
                scoped.add(route);
            }
        }
        assertEquals(guardianRoutes, scoped, "exactly the guardian routes need the guardian scope");
        assertTrue(guardianRoutes.stream().allMatch(r -> r.contains(" /guardian/")));
    }

    @Test
    void adminRoutes_requireTheOperatorScope_atTheGateway_andTheCodeChecksTheSameParameter() {
        JsonNode admin = resources.path(LOGICAL_ID.get(FunctionName.admin)).path("Properties");
        String scope = admin.path("Environment").path("Variables").path("COINSLOT_OPERATOR_SCOPE").asText();
        assertFalse(scope.isBlank(), "the admin function is told the operator scope");
        Set<String> operatorRoutes = new TreeSet<>();
        FunctionRoutes.OPERATOR.forEach(r -> operatorRoutes.add(r.toString()));
        Set<String> scoped = new TreeSet<>();
        resources.forEach(resource -> resource.path("Properties").path("Events").forEach(event -> {
            JsonNode props = event.path("Properties");
            String route = props.path("Method").asText() + " " + props.path("Path").asText();
            JsonNode scopes = props.path("Auth").path("AuthorizationScopes");
            if (scopes.toString().contains(scope)) {
                assertEquals("OidcAuthorizer", props.path("Auth").path("Authorizer").asText(), route);
                assertEquals(List.of(scope), List.of(scopes.path(0).asText()), route);
                assertEquals(1, scopes.size(), route);
                scoped.add(route);
            }
        }));
        assertEquals(operatorRoutes, scoped, "exactly the admin routes need the operator scope");
        assertTrue(operatorRoutes.stream().allMatch(r -> r.contains(" /admin/")));
        assertEquals(new TreeSet<>(FunctionRoutes.of(FunctionName.admin).stream().map(Route::toString).toList()), operatorRoutes);
    }

    @Test
    void iamRoutes_useTheGatewaysIamAuthorizer_andNoOtherRouteDoes() {
        assertTrue(resources.path("HttpApi").path("Properties").path("Auth").path("EnableIamAuthorizer").asBoolean(),
                "the HTTP API enables its AWS_IAM authorizer");
        Set<String> iamRoutes = new TreeSet<>();
        FunctionRoutes.IAM.forEach(r -> iamRoutes.add(r.toString()));
        Set<String> templateIam = new TreeSet<>();
        for (String id : LOGICAL_ID.values()) {
            resources.path(id).path("Properties").path("Events").forEach(ev -> {
                JsonNode props = ev.path("Properties");
                if ("AWS_IAM".equals(props.path("Auth").path("Authorizer").asText())) {
                    templateIam.add(props.path("Method").asText() + " " + props.path("Path").asText());
                }
            });
        }
        assertEquals(iamRoutes, templateIam, "exactly the IAM routes use AWS_IAM");
        Set<String> publicRoutes = new TreeSet<>();
        FunctionRoutes.PUBLIC.forEach(r -> publicRoutes.add(r.toString()));
        assertTrue(iamRoutes.stream().noneMatch(publicRoutes::contains), "an IAM route is not public");
    }
}

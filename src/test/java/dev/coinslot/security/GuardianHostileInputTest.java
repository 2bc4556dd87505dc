package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input and access on the guardian routes ({@code POST /wallet/guardian-invites}, {@code POST /guardian/links},
 * {@code PUT /guardian/wallets/{userId}/limits}, {@code DELETE /guardian/wallets/{userId}/link}): every case is a 4xx
 * problem+json of a stable type, and the table is unchanged. The victim's wallet is funded and linked to its guardian,
 * so a stranger's refusal is the relation's, not an empty wallet's.
 */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@ExtendWith(LogSecretScan.class)
class GuardianHostileInputTest {

    private static final String SCOPE = "coinslot/guardian";
    private static final String VICTIM = Wallets.newUser("hostile-child");
    private static final String GUARDIAN = Wallets.newUser("hostile-guardian");
    private static final String STRANGER = Wallets.newUser("hostile-stranger");

    private static boolean linked;

    private static synchronized void link() {
        if (!linked) {
            Wallets.fund(VICTIM, 5_000);
            String code = LambdaApi.as(VICTIM).post("/wallet/guardian-invites", null, Map.of()).json().getString("code");
            assertEquals(201, LambdaApi.as(GUARDIAN).withScopes(SCOPE)
                    .post("/guardian/links", "{\"code\":\"" + code + "\"}", Map.of()).status());
            linked = true;
        }
    }

    private static String codeBody(String code) {
        return "{\"code\":" + code + "}";
    }

    static List<HostileRequest> linkBodies() {
        LambdaApi stranger = LambdaApi.as(STRANGER).withScopes(SCOPE);
        String valid = "\"" + "A".repeat(26) + "\"";
        String[][] bodies = {
                {"code missing", "{}", "400", "invalid-request"},
                {"code null", codeBody("null"), "400", "invalid-request"},
                {"code number", codeBody("12345678901234567890123456"), "400", "malformed-request"},
                {"code array", codeBody("[" + valid + "]"), "400", "malformed-request"},
                {"code object", codeBody("{\"c\":" + valid + "}"), "400", "malformed-request"},
                {"code empty", codeBody("\"\""), "400", "invalid-invite-code"},
                {"code too short", codeBody("\"" + "A".repeat(25) + "\""), "400", "invalid-invite-code"},
                {"code too long", codeBody("\"" + "A".repeat(27) + "\""), "400", "invalid-invite-code"},
                {"code 1 MB", codeBody("\"" + "A".repeat(1 << 20) + "\""), "413", "payload-too-large"},
                {"code outside base32 (0, 1, 8, 9)", codeBody("\"" + "0189".repeat(6) + "AA\""), "400", "invalid-invite-code"},
                {"code with dashes", codeBody("\"AAAAA-AAAAA-AAAAA-AAAAA-AAAAA\""), "400", "invalid-invite-code"},
                {"code with Cyrillic A", codeBody("\"" + "\u0410".repeat(26) + "\""), "400", "invalid-invite-code"},
                {"code with NUL", codeBody("\"" + "A".repeat(25) + "\\u0000\""), "400", "invalid-invite-code"},
                {"code with newline", codeBody("\"" + "A".repeat(25) + "\\n\""), "400", "invalid-invite-code"},
                {"code SQL-ish", codeBody("\"' OR 1=1 --AAAAAAAAAAAAAAA\""), "400", "invalid-invite-code"},
                {"code unknown", codeBody(valid), "404", "invite-not-found"},
                {"code with a user id", "{\"code\":" + valid + ",\"userId\":\"" + VICTIM + "\"}", "400", "malformed-request"},
                {"code twice", "{\"code\":" + valid + ",\"code\":" + valid + "}", "400", "malformed-request"},
                {"array body", "[" + codeBody(valid) + "]", "400", "malformed-request"},
                {"empty body", "", "400", "invalid-request"},
                {"truncated JSON", "{\"code\":", "400", "malformed-request"},
        };
        List<HostileRequest> cases = new ArrayList<>();
        for (String[] b : bodies) {
            cases.add(of("link: " + b[0], stranger, "POST", "/guardian/links", Map.of(), b[1], Integer.parseInt(b[2]), b[3]));
        }
        cases.add(of("link: text/plain", stranger, "POST", "/guardian/links", Map.of("Content-Type", "text/plain"),
                codeBody(valid), 415, "unsupported-media-type"));
        return cases;
    }

    static List<HostileRequest> access() {
        LambdaApi stranger = LambdaApi.as(STRANGER).withScopes(SCOPE);
        String limits = "/guardian/wallets/" + VICTIM + "/limits";
        String unlink = "/guardian/wallets/" + VICTIM + "/link";
        String nobody = Wallets.newUser("hostile-nobody");
        List<HostileRequest> cases = new ArrayList<>();
        cases.add(of("stranger sets the child's limits", stranger, "PUT", limits, Map.of(), "{\"dailyCredits\":100000}", 403,
                "not-guardian"));
        cases.add(of("stranger sets limits on a wallet that does not exist", stranger, "PUT",
                "/guardian/wallets/" + nobody + "/limits", Map.of(), "{\"dailyCredits\":1}", 403, "not-guardian"));
        cases.add(of("stranger unlinks the child", stranger, "DELETE", unlink, Map.of(), null, 403, "not-guardian"));
        cases.add(of("stranger unlinks a wallet that does not exist", stranger, "DELETE", "/guardian/wallets/" + nobody + "/link",
                Map.of(), null, 403, "not-guardian"));
        cases.add(of("child unlinks with a guardian-scoped token", LambdaApi.as(VICTIM).withScopes(SCOPE), "DELETE", unlink,
                Map.of(), null, 403, "not-guardian"));
        cases.add(of("child unlinks with a user token", LambdaApi.as(VICTIM), "DELETE", unlink, Map.of(), null, 403,
                "forbidden"));
        cases.add(of("child sets limits through the guardian route", LambdaApi.as(VICTIM).withScopes(SCOPE), "PUT", limits,
                Map.of(), "{}", 403, "not-guardian"));
        cases.add(of("guardian id in a header", LambdaApi.as(STRANGER).withScopes(SCOPE), "PUT", limits,
                Map.of("X-Guardian-Id", GUARDIAN, "X-User-Id", GUARDIAN), "{\"dailyCredits\":1}", 403, "not-guardian"));
        cases.add(of("guardian id in the query", stranger, "PUT", limits, Map.of(), "{\"dailyCredits\":1}", 403, "not-guardian")
                .withQuery(Map.of("guardianId", GUARDIAN)));
        cases.add(of("managed flag not a boolean", stranger, "PUT", limits, Map.of(), "{}", 400, "invalid-managed")
                .withQuery(Map.of("managed", "yes")));
        cases.add(of("user id too long (limits)", stranger, "PUT", "/guardian/wallets/" + "x".repeat(201) + "/limits", Map.of(),
                "{}", 400, "invalid-user-id"));
        cases.add(of("user id too long (unlink)", stranger, "DELETE", "/guardian/wallets/" + "x".repeat(201) + "/link",
                Map.of(), null, 400, "invalid-user-id"));
        cases.add(of("link without the guardian scope", LambdaApi.as(STRANGER), "POST", "/guardian/links", Map.of(),
                codeBody("\"" + "A".repeat(26) + "\""), 403, "forbidden"));
        cases.add(of("link with another scope", LambdaApi.as(STRANGER).withScopes("coinslot/admin"), "POST", "/guardian/links",
                Map.of(), codeBody("\"" + "A".repeat(26) + "\""), 403, "forbidden"));
        cases.add(of("link, no claims", LambdaApi.anonymous(), "POST", "/guardian/links", Map.of(),
                codeBody("\"" + "A".repeat(26) + "\""), 401, "unauthorized"));
        cases.add(of("unlink, no claims", LambdaApi.anonymous(), "DELETE", unlink, Map.of(), null, 401, "unauthorized"));
        cases.add(of("invite, no claims", LambdaApi.anonymous(), "POST", "/wallet/guardian-invites", Map.of(), null, 401,
                "unauthorized"));
        cases.add(of("invite while a guardian is linked", LambdaApi.as(VICTIM), "POST", "/wallet/guardian-invites", Map.of(),
                null, 409, "guardian-already-linked"));
        cases.add(of("invite for another user in the body", LambdaApi.as(VICTIM), "POST", "/wallet/guardian-invites",
                Map.of(), "{\"userId\":\"" + STRANGER + "\"}", 409, "guardian-already-linked"));
        cases.add(of("other method on the link", stranger, "PUT", unlink, Map.of(), "{}", 404, "not-found"));
        cases.add(of("list links", stranger, "GET", "/guardian/links", Map.of(), null, 404, "not-found"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkBodies")
    void hostileLinkBody_isRefused_andWritesNothing(HostileRequest request) {
        link();
        request.assertRefusedWritingNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void hostileGuardianAccess_isRefused_andWritesNothing(HostileRequest request) {
        link();
        request.assertRefusedWritingNothing();
    }
}

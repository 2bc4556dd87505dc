package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.TableSnapshot;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The guardian relation: the child invites, the guardian accepts, only the linked guardian manages the wallet, and any
 * other guardian gets the same 403 whether the wallet exists or not, with nothing about it in the answer.
 */
@QuarkusTest
@ExtendWith(LogSecretScan.class)
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class GuardianFunctionTest {

    private static final String SCOPE = "coinslot/guardian";

    private static LambdaApi guardian(String id) {
        return LambdaApi.as(id).withScopes(SCOPE);
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"));
    }

    private static String invite(String child) {
        Response r = LambdaApi.as(child).post("/wallet/guardian-invites", null, Map.of());
        assertEquals(201, r.status(), r.body());
        String code = r.json().getString("code");
        assertTrue(code.matches("[A-Z2-7]{26}"), code);
        assertTrue(Instant.parse(r.json().getString("expiresAt")).isAfter(Instant.now()));
        return code;
    }

    private static Response accept(String guardianId, String code) {
        return guardian(guardianId).post("/guardian/links", "{\"code\":\"" + code + "\"}", Map.of());
    }

    private static Response setLimits(String guardianId, String child, String body) {
        return guardian(guardianId).put("/guardian/wallets/" + child + "/limits", body);
    }

    private static Response unlink(String guardianId, String child) {
        return guardian(guardianId).send("DELETE", "/guardian/wallets/" + child + "/link", Map.of(), null, Map.of());
    }

    /** A child with credits, linked to {@code guardianId}. */
    private static String linkedChild(String guardianId) {
        String child = Wallets.newUser("child");
        Wallets.fund(child, 500);
        Response linked = accept(guardianId, invite(child));
        assertEquals(201, linked.status(), linked.body());
        return child;
    }

    private static void assertLearnsNothing(Response r) {
        assertProblem(r, 403, "not-guardian");
        assertEquals(java.util.Set.of("type", "title", "status", "detail"), r.json().getMap("").keySet(), r.body());
        for (String leak : List.of("balance", "limits", "spent", "ACTIVE", "500")) {
            assertFalse(r.body().contains(leak), leak + " in " + r.body());
        }
    }

    @Test
    void anotherGuardian_cannotSetLimitsOnALinkedChild_andGetsTheSame403AsForNoWallet() {
        String guardianA = Wallets.newUser("guardian-a");
        String guardianB = Wallets.newUser("guardian-b");
        String child = linkedChild(guardianA);

        TableSnapshot before = TableSnapshot.take();
        Response notYours = setLimits(guardianB, child, "{\"dailyCredits\":100000}");
        Response noWallet = setLimits(guardianB, Wallets.newUser("nobody"), "{\"dailyCredits\":100000}");
        assertLearnsNothing(notYours);
        assertLearnsNothing(noWallet);
        assertEquals(notYours.body(), noWallet.body(), "no existence leak");
        assertProblem(unlink(guardianB, child), 403, "not-guardian");
        assertEquals(List.of(), before.difference(TableSnapshot.take()), "refusals write nothing, create no wallet");
        assertNull(LambdaApi.as(child).get("/wallet").json().get("limits.dailyCredits"));
    }

    @Test
    void aGuardianWithoutAnyLink_cannotSetLimits() {
        String child = Wallets.newUser("unlinked-child");
        Wallets.fund(child, 100);
        assertLearnsNothing(setLimits(Wallets.newUser("stranger"), child, "{\"dailyCredits\":1}"));
        assertNull(LambdaApi.as(child).get("/wallet").json().get("limits.dailyCredits"));
    }

    @Test
    void inviteAcceptSetLimitsUnlink_theWholeRelation() {
        String guardianId = Wallets.newUser("guardian");
        String child = Wallets.newUser("child");
        Wallets.fund(child, 500);
        String code = invite(child);

        Response linked = accept(guardianId, code);
        assertEquals(201, linked.status(), linked.body());
        assertEquals(child, linked.json().getString("userId"));
        assertEquals("false", linked.header("Idempotent-Replayed"));
        Response again = accept(guardianId, code);
        assertEquals(200, again.status(), again.body());
        assertEquals(child, again.json().getString("userId"));
        assertEquals(linked.json().getString("linkedAt"), again.json().getString("linkedAt"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertProblem(accept(Wallets.newUser("late-guardian"), code), 404, "invite-not-found");

        Response set = setLimits(guardianId, child, "{\"dailyCredits\":100,\"perPurchaseCredits\":99}");
        assertEquals(200, set.status(), set.body());
        assertEquals("guardian", set.json().getString("limits.managedBy"));
        assertProblem(LambdaApi.as(child).put("/wallet/limits", "{}"), 403, "limits-managed-by-guardian");
        assertProblem(LambdaApi.as(child).checkout("g-1", "article-fees", 1, 199), 402, "spend-limit-reached");
        assertProblem(LambdaApi.as(child).post("/wallet/guardian-invites", null, Map.of()), 409, "guardian-already-linked");
        // The child cannot unlink: the guardian routes need the guardian scope, and the child is not the guardian.
        assertProblem(LambdaApi.as(child).send("DELETE", "/guardian/wallets/" + child + "/link", Map.of(), null, Map.of()),
                403, "forbidden");
        assertProblem(unlink(child, child), 403, "not-guardian");

        Response unlinked = unlink(guardianId, child);
        assertEquals(204, unlinked.status(), unlinked.body());
        assertEquals(204, unlink(guardianId, child).status(), "a retried unlink answers the same");
        Map<String, AttributeValue> wallet = walletItem(child);
        assertFalse(wallet.containsKey("guardianId"));
        Response view = LambdaApi.as(child).get("/wallet");
        assertEquals(100, view.json().getLong("limits.dailyCredits"), "limits stay after unlinking");
        assertEquals("owner", view.json().getString("limits.managedBy"), "and the child may now change them");
        assertEquals(200, LambdaApi.as(child).put("/wallet/limits", "{\"dailyCredits\":300}").status());
        assertLearnsNothing(setLimits(guardianId, child, "{\"dailyCredits\":1}"));
        assertEquals(201, accept(Wallets.newUser("new-guardian"), invite(child)).status(), "a new guardian can be invited");
        WalletInvariants.assertConsistent(child);
    }

    @Test
    void aNewInvitation_replacesThePendingOne_andCodesAreStoredOnlyHashed() throws Exception {
        String child = Wallets.newUser("child");
        String first = invite(child);
        String second = invite(child);
        assertFalse(first.equals(second));
        String table = TableSnapshot.take().items().toString();
        assertFalse(table.contains(first) || table.contains(second), "no code in clear in the table");
        assertTrue(LogSecretScan.records().stream().anyMatch(r -> r.contains("guardianInvite wallet=" + child)));
        assertTrue(LogSecretScan.records().stream().noneMatch(r -> r.contains(first) || r.contains(second)), "no code in a log");
        assertTrue(table.contains("INVITE#" + sha256(second)));
        assertProblem(accept(Wallets.newUser("guardian"), first), 404, "invite-not-found");
        assertEquals(201, accept(Wallets.newUser("guardian"), second.toLowerCase()).status(), "codes are case-insensitive");
    }

    @Test
    void anExpiredInvitation_isRefused_likeAnUnknownOne() throws Exception {
        String child = Wallets.newUser("child");
        String code = invite(child);
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            client.updateItem(b -> b.tableName(DynamoDbLocalResource.TABLE)
                    .key(Map.of("pk", AttributeValue.fromS("INVITE#" + sha256(code)), "sk", AttributeValue.fromS("INVITE")))
                    .updateExpression("SET expiresAt = :past")
                    .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() - 1)))));
        }
        Response expired = accept(Wallets.newUser("guardian"), code);
        Response unknown = accept(Wallets.newUser("guardian"), "A".repeat(26));
        assertProblem(expired, 404, "invite-not-found");
        assertEquals(unknown.body(), expired.body());
        assertFalse(walletItem(child).containsKey("guardianId"));
    }

    @Test
    void aGuardianCannotAcceptTheirOwnInvitation() {
        String user = Wallets.newUser("self");
        assertProblem(accept(user, invite(user)), 422, "own-invite");
        assertFalse(walletItem(user).containsKey("guardianId"));
    }

    @Test
    void twoGuardiansAcceptingTheSameCodeAtOnce_exactlyOneWins() throws Exception {
        int rounds = 8;
        int guardians = 6;
        ExecutorService pool = Executors.newFixedThreadPool(guardians);
        try {
            for (int round = 0; round < rounds; round++) {
                String child = Wallets.newUser("raced-child");
                String code = invite(child);
                CountDownLatch start = new CountDownLatch(1);
                List<String> ids = new ArrayList<>();
                List<Future<Response>> answers = new ArrayList<>();
                for (int g = 0; g < guardians; g++) {
                    String id = Wallets.newUser("racer-" + g);
                    ids.add(id);
                    answers.add(pool.submit(() -> {
                        start.await();
                        return accept(id, code);
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (int g = 0; g < guardians; g++) {
                    Response r = answers.get(g).get();
                    if (r.status() == 201) {
                        winners.add(ids.get(g));
                    } else {
                        assertProblem(r, 404, "invite-not-found");
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": exactly one guardian links");
                assertEquals(winners.get(0), walletItem(child).get("guardianId").s());
                for (String id : ids) {
                    int expected = id.equals(winners.get(0)) ? 200 : 403;
                    assertEquals(expected, setLimits(id, child, "{\"dailyCredits\":5}").status(), id);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void inviteAndLink_needTheirCallers() {
        assertProblem(LambdaApi.anonymous().post("/wallet/guardian-invites", null, Map.of()), 401, "unauthorized");
        String child = Wallets.newUser("child");
        String code = invite(child);
        assertProblem(LambdaApi.as(Wallets.newUser("no-scope")).post("/guardian/links", "{\"code\":\"" + code + "\"}",
                Map.of()), 403, "forbidden");
        assertEquals(201, accept(Wallets.newUser("guardian"), code).status(), "a refused attempt does not use the code up");
    }

    private static Map<String, AttributeValue> walletItem(String child) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            return client.getItem(b -> b.tableName(DynamoDbLocalResource.TABLE).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("WALLET#" + child), "sk", AttributeValue.fromS("WALLET")))).item();
        }
    }

    private static String sha256(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

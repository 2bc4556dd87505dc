package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Spending limits set by the owner or a guardian, enforced by the checkout transaction's condition. */
@QuarkusTest
@ExtendWith(LogSecretScan.class)
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class SpendLimitsFunctionTest {

    private static final String GUARDIAN_SCOPE = "coinslot/guardian";

    private static String fundedUser(long credits) {
        String user = Wallets.newUser("limited");
        Wallets.fund(user, credits);
        return user;
    }

    private static Response setLimits(String user, String body) {
        return LambdaApi.as(user).put("/wallet/limits", body);
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"));
    }

    private static String nextMidnightUtc() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    }

    @Test
    void dailyLimit_allowsSpendingUpToItExactly_thenRefusesWithWhenItResets_andWritesNothing() {
        String user = fundedUser(1000);
        Response set = setLimits(user, "{\"dailyCredits\":98}");
        assertEquals(200, set.status(), set.body());
        assertEquals(98, set.json().getLong("limits.dailyCredits"));
        assertEquals("owner", set.json().getString("limits.managedBy"));
        assertEquals(201, LambdaApi.as(user).checkout("d-1", "sticker-cat", 1, 49).status());
        assertEquals(201, LambdaApi.as(user).checkout("d-2", "sticker-dog", 1, 49).status());
        Response refused = LambdaApi.as(user).checkout("d-3", "sticker-cat", 1, 49);
        assertProblem(refused, 402, "spend-limit-reached");
        assertEquals("daily", refused.json().getString("limit"));
        assertEquals(98, refused.json().getLong("limitCredits"));
        assertEquals(98, refused.json().getLong("spentCredits"));
        assertEquals(nextMidnightUtc(), refused.json().getString("resetsAt"));
        assertEquals(2, WalletInvariants.purchaseCount(user));
        assertEquals(1000 - 98, WalletInvariants.assertConsistent(user));
        Response wallet = LambdaApi.as(user).get("/wallet");
        assertEquals(98, wallet.json().getLong("spent.todayCredits"));
        assertEquals(98, wallet.json().getLong("spent.thisMonthCredits"));
        assertEquals(nextMidnightUtc(), wallet.json().getString("spent.dayResetsAt"));
    }

    @Test
    void perPurchaseAndMonthlyLimits_areEachEnforced_andClearingALimitLiftsIt() {
        String user = fundedUser(1000);
        assertEquals(200, setLimits(user, "{\"perPurchaseCredits\":99,\"monthlyCredits\":300}").status());
        assertEquals(201, LambdaApi.as(user).checkout("m-1", "hat-gold", 1, 99).status());
        Response tooBig = LambdaApi.as(user).checkout("m-2", "article-fees", 1, 199);
        assertProblem(tooBig, 402, "spend-limit-reached");
        assertEquals("per-purchase", tooBig.json().getString("limit"));
        assertNull(tooBig.json().get("resetsAt"));
        assertEquals(201, LambdaApi.as(user).checkout("m-3", "sticker-cat", 2, 98).status());
        assertEquals(201, LambdaApi.as(user).checkout("m-4", "sticker-cat", 2, 98).status());
        Response month = LambdaApi.as(user).checkout("m-5", "sticker-cat", 1, 49);
        assertProblem(month, 402, "spend-limit-reached");
        assertEquals("monthly", month.json().getString("limit"));
        assertEquals(295, month.json().getLong("spentCredits"));

        Response cleared = setLimits(user, "{}");
        assertEquals(200, cleared.status(), cleared.body());
        assertNull(cleared.json().get("limits.monthlyCredits"));
        assertEquals(201, LambdaApi.as(user).checkout("m-6", "article-fees", 1, 199).status());
        WalletInvariants.assertConsistent(user);
    }

    @Test
    void aLimitWrittenByAnotherInstance_isHonouredByTheTransactionCondition_notJustTheSnapshot() {
        String user = fundedUser(1000);
        assertEquals(201, LambdaApi.as(user).checkout("s-1", "sticker-cat", 1, 49).status()); // snapshot remembered
        // Another Lambda instance sets a daily limit this instance's snapshot does not know.
        Wallets.setAttributes(user, Map.of("limitDaily", AttributeValue.builder().n("60").build()));
        Response refused = LambdaApi.as(user).checkout("s-2", "sticker-dog", 1, 49);
        assertProblem(refused, 402, "spend-limit-reached");
        assertEquals(49, refused.json().getLong("spentCredits"));
        assertEquals(1, WalletInvariants.purchaseCount(user));
        WalletInvariants.assertConsistent(user);
    }

    @Test
    void parallelPurchases_cannotOvershootADailyLimit() throws Exception {
        String user = fundedUser(10_000);
        assertEquals(200, setLimits(user, "{\"dailyCredits\":490}").status());
        int clients = 24;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String key = "par-" + i;
            results.add(pool.submit(() -> {
                start.await();
                for (int attempt = 0; attempt < 10; attempt++) {
                    int status = LambdaApi.as(user).checkout(key, "sticker-cat", 1, 49).status();
                    if (status != 503) {
                        return status;
                    }
                }
                return 503;
            }));
        }
        start.countDown();
        int bought = 0;
        int refused = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            if (status == 201) {
                bought++;
            } else if (status == 402) {
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(10, bought, "exactly the 10 purchases of 49 that fit in 490");
        assertEquals(clients - 10, refused);
        assertEquals(10_000 - 490, WalletInvariants.assertConsistent(user));
        assertEquals(490, LambdaApi.as(user).get("/wallet").json().getLong("spent.todayCredits"));
    }

    @Test
    void guardianLimits_needTheGuardianScope_andLockOutTheOwner() {
        String child = fundedUser(500);
        String guardian = Wallets.newUser("guardian-service");
        String path = "/guardian/wallets/" + child + "/limits";

        assertProblem(LambdaApi.as(guardian).put(path, "{\"dailyCredits\":100}"), 403, "forbidden");
        assertProblem(LambdaApi.as(child).put(path, "{\"dailyCredits\":100000}"), 403, "forbidden");
        assertNull(LambdaApi.as(child).get("/wallet").json().get("limits.dailyCredits"), "refused: nothing written");
        String code = LambdaApi.as(child).post("/wallet/guardian-invites", null, Map.of()).json().getString("code");
        assertEquals(201, LambdaApi.as(guardian).withScopes(GUARDIAN_SCOPE)
                .post("/guardian/links", "{\"code\":\"" + code + "\"}", Map.of()).status());

        Response set = LambdaApi.as(guardian).withScopes(GUARDIAN_SCOPE).put(path, "{\"dailyCredits\":100,\"perPurchaseCredits\":99}");
        assertEquals(200, set.status(), set.body());
        assertEquals("guardian", set.json().getString("limits.managedBy"));
        assertEquals(100, set.json().getLong("limits.dailyCredits"));

        assertProblem(setLimits(child, "{}"), 403, "limits-managed-by-guardian");
        assertProblem(LambdaApi.as(child).checkout("g-1", "article-fees", 1, 199), 402, "spend-limit-reached");
        assertEquals(100, LambdaApi.as(child).get("/wallet").json().getLong("limits.dailyCredits"));

        Response released = LambdaApi.as(guardian).withScopes(GUARDIAN_SCOPE).send("PUT", path, Map.of(), "{}",
                Map.of("managed", "false"));
        assertEquals(200, released.status(), released.body());
        assertEquals("owner", released.json().getString("limits.managedBy"));
        assertEquals(200, setLimits(child, "{\"dailyCredits\":300}").status());
        WalletInvariants.assertConsistent(child);
    }

    @Test
    void badLimits_areRefusedWithProblems_andWriteNothing() {
        String user = fundedUser(100);
        assertProblem(setLimits(user, "{\"dailyCredits\":-1}"), 400, "invalid-request");
        assertProblem(setLimits(user, "{\"dailyCredits\":1.5}"), 400, "malformed-request");
        assertProblem(setLimits(user, "{\"dailyCredits\":\"10\"}"), 400, "malformed-request");
        assertProblem(setLimits(user, "{\"weeklyCredits\":10}"), 400, "malformed-request");
        assertProblem(setLimits(user, "{\"dailyCredits\":100000000000}"), 400, "invalid-request");
        assertProblem(LambdaApi.as("guardian").withScopes(GUARDIAN_SCOPE)
                .put("/guardian/wallets/" + "x".repeat(201) + "/limits", "{}"), 400, "invalid-user-id");
        assertNull(LambdaApi.as(user).get("/wallet").json().get("limits.dailyCredits"));
        assertEquals(100, WalletInvariants.assertConsistent(user));
    }
}

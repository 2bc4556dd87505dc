package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.TableSnapshot;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /rewards/daily} (JWT) and {@code POST /grants} (IAM) on the checkout function against DynamoDB Local:
 * idempotency, exactly one reward under parallel requests, the daily grant cap under races, refusals as problems that
 * write nothing.
 */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(LoyaltyRewardsFunctionTest.Rewards.class)
@WithTestResource(DynamoDbLocalResource.class)
class LoyaltyRewardsFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Rewards implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coinslot.function", "checkout",
                    "coinslot.loyalty.daily-reward-credits", "5",
                    "coinslot.loyalty.grant-cap-per-day", "500",
                    "coinslot.loyalty.expiry-days.earned", "7",
                    // purchases: 10 % cashback, a card of two stamps (any purchase) worth 5
                    "coinslot.loyalty.cashback-basis-points", "1000",
                    "coinslot.loyalty.stamp-cards.pair.of", "any",
                    "coinslot.loyalty.stamp-cards.pair.every", "2",
                    "coinslot.loyalty.stamp-cards.pair.reward-credits", "5");
        }
    }

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A {@code POST /grants} event signed by the operator's IAM role (API Gateway's AWS_IAM authorizer context). */
    private static Response operatorGrant(String body) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(LambdaApi.anonymous().event("POST", "/grants", Map.of(), body, Map.of()));
        ObjectNode iam = ((ObjectNode) event.path("requestContext")).putObject("authorizer").putObject("iam");
        iam.put("accountId", "123456789012");
        iam.put("userArn", "arn:aws:sts::123456789012:assumed-role/game-server/session");
        iam.put("userId", "AROAEXAMPLE:session");
        iam.put("callerId", "AROAEXAMPLE:session");
        return LambdaApi.invoke(event.toString());
    }

    private static String grant(String user, long credits, String reason, String reference) {
        return "{\"userId\":\"" + user + "\",\"credits\":" + credits + ",\"reason\":\"" + reason + "\",\"reference\":\""
                + reference + "\"}";
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"), r.body());
    }

    @Test
    void dailyReward_firstClaim201_secondClaimReplays200_asAnExpiringPromotionalLotWithItsOwnLedgerEntry() {
        String user = Wallets.newUser("daily");
        Response first = LambdaApi.as(user).post("/rewards/daily", null, Map.of());
        assertEquals(201, first.status(), first.body());
        assertEquals("false", first.header("Idempotent-Replayed"));
        assertEquals("DAILY_REWARD", first.json().getString("type"));
        assertEquals(5, first.json().getInt("credits"));
        assertEquals(5, first.json().getInt("balanceAfterCredits"));
        Response again = LambdaApi.as(user).post("/rewards/daily", null, Map.of());
        assertEquals(200, again.status(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.body(), again.body());
        Response wallet = LambdaApi.as(user).get("/wallet");
        assertEquals(5, wallet.json().getInt("promoCredits"), wallet.body());
        assertEquals(0, wallet.json().getInt("paidCredits"));
        Response ledger = LambdaApi.as(user).get("/wallet/ledger");
        assertEquals("DAILY_REWARD", ledger.json().getString("entries[0].type"), ledger.body());
        WalletInvariants.assertMoneyInvariants(user);
    }

    @Test
    void dailyReward_twelveParallelClaims_exactlyOneWrites() throws Exception {
        String user = Wallets.newUser("daily-race");
        List<Response> answers = race(12, () -> LambdaApi.as(user).post("/rewards/daily", null, Map.of()));
        assertEquals(1, answers.stream().filter(r -> r.status() == 201).count(), answers.toString());
        assertEquals(11, answers.stream().filter(r -> r.status() == 200).count(), answers.toString());
        assertEquals(1, WalletInvariants.count(user, "REWARD#"));
        assertEquals(5, WalletInvariants.assertConsistent(user));
        WalletInvariants.assertMoneyInvariants(user);
    }

    @Test
    void dailyReward_withoutAToken_is401_andWritesNothing() {
        assertProblem(LambdaApi.anonymous().post("/rewards/daily", null, Map.of()), 401, "unauthorized");
    }

    @Test
    void grant_byTheOperator201_sameReferenceReplays_anotherBodyIs422_nothingTwice() throws Exception {
        String user = Wallets.newUser("player");
        Response first = operatorGrant(grant(user, 40, "finished level 3", "game-1:level-3"));
        assertEquals(201, first.status(), first.body());
        assertEquals("EARNED", first.json().getString("type"));
        assertEquals(40, first.json().getInt("balanceAfterCredits"));
        Response again = operatorGrant(grant(user, 40, "finished level 3", "game-1:level-3"));
        assertEquals(200, again.status(), again.body());
        assertEquals(first.body(), again.body());
        Response reuse = operatorGrant(grant(user, 41, "finished level 3", "game-1:level-3"));
        assertProblem(reuse, 422, "grant-reference-reuse");
        assertEquals("game-1:level-3", reuse.json().getString("reference"));
        assertEquals(40, WalletInvariants.assertConsistent(user));
        WalletInvariants.assertMoneyInvariants(user);
    }

    @Test
    void grant_withAUserToken_orWithoutIdentity_isRefused403_andWritesNothing() {
        String user = Wallets.newUser("cheater");
        String body = grant(user, 100, "free credits", "self-1");
        assertProblem(LambdaApi.as(user).post("/grants", body, Map.of()), 403, "forbidden");
        assertProblem(LambdaApi.anonymous().post("/grants", body, Map.of()), 403, "forbidden");
        assertEquals(0, WalletInvariants.count(user, "REWARD#"));
        assertEquals(0, WalletInvariants.count(user, "LEDGER#"));
    }

    @Test
    void grant_sixteenParallelWithOneReference_exactlyOneWrites() throws Exception {
        String user = Wallets.newUser("quest");
        List<Response> answers = race(16, () -> operatorGrant(grant(user, 100, "quest", "q-1")));
        assertEquals(1, answers.stream().filter(r -> r.status() == 201).count(), answers.toString());
        assertEquals(15, answers.stream().filter(r -> r.status() == 200).count(), answers.toString());
        assertEquals(100, WalletInvariants.assertConsistent(user));
        WalletInvariants.assertMoneyInvariants(user);
    }

    @Test
    void grant_twelveParallelOf100_underTheDailyCapOf500_exactlyFive_othersAre429WithRetryAfter() throws Exception {
        String user = Wallets.newUser("grinder");
        int[] n = {0};
        List<Response> answers = race(12, () -> {
            int i;
            synchronized (n) {
                i = n[0]++;
            }
            return operatorGrant(grant(user, 100, "quest", "cap-" + i));
        });
        assertEquals(5, answers.stream().filter(r -> r.status() == 201).count(), answers.toString());
        List<Response> refused = answers.stream().filter(r -> r.status() == 429).toList();
        assertEquals(7, refused.size(), answers.toString());
        for (Response r : refused) {
            assertProblem(r, 429, "grant-cap-reached");
            assertEquals(500, r.json().getInt("capCredits"));
            assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
        }
        assertEquals(500, WalletInvariants.assertConsistent(user));
        WalletInvariants.assertMoneyInvariants(user);
    }

    @Test
    void grant_badBodies_areProblems_andWriteNothing() throws Exception {
        String user = Wallets.newUser("bad-grants");
        String[][] cases = {
                {grant(user, 501, "too much", "big-1"), "422", "grant-above-cap"},
                {grant(user, 0, "nothing", "zero-1"), "400", "invalid-request"},
                {grant(user, -5, "negative", "neg-1"), "400", "invalid-request"},
                {grant(user, 10, "bad ref", "has space"), "400", "invalid-request"},
                {grant(user, 10, "", "empty-reason"), "400", "invalid-request"},
                {grant(user, 10, "x".repeat(201), "long-reason"), "400", "invalid-request"},
                {grant(user, 10, "ok", "r".repeat(129)), "400", "invalid-request"},
                {grant("", 10, "ok", "no-user"), "400", "invalid-user-id"},
                {"{\"userId\":\"" + user + "\",\"credits\":1.5,\"reason\":\"x\",\"reference\":\"frac\"}", "400", "malformed-request"},
                {"{\"userId\":\"" + user + "\",\"credits\":\"10\",\"reason\":\"x\",\"reference\":\"str\"}", "400", "malformed-request"},
                {"{\"userId\":\"" + user + "\",\"credits\":10,\"reason\":\"x\",\"reference\":\"extra\",\"type\":\"PAID\"}", "400", "malformed-request"},
                {"{\"credits\":10,\"reason\":\"x\",\"reference\":\"nouser\"}", "400", "invalid-request"},
                {"[]", "400", "malformed-request"},
                {"", "400", "invalid-request"},
        };
        TableSnapshot before = TableSnapshot.take();
        for (String[] c : cases) {
            Response r = operatorGrant(c[0]);
            assertProblem(r, Integer.parseInt(c[1]), c[2]);
        }
        assertEquals(List.of(), before.difference(TableSnapshot.take()), "the table changed");
    }

    @Test
    void dailyReward_aBodyAskingForMore_isIgnored_theRewardIsTheRule() {
        String user = Wallets.newUser("greedy");
        Response r = LambdaApi.as(user).post("/rewards/daily", "{\"credits\":1000000,\"type\":\"PAID\"}", Map.of());
        assertEquals(201, r.status(), r.body());
        assertEquals(5, r.json().getInt("credits"));
        assertEquals(5, WalletInvariants.assertConsistent(user));
    }

    @Test
    void wallet_showsTheLoyaltyStanding_theDailyClaimAvailableUntilClaimed() {
        String user = Wallets.newUser("standing");
        Response before = LambdaApi.as(user).get("/wallet");
        assertEquals(200, before.status(), before.body());
        assertEquals(0, before.json().getInt("loyalty.streakDays"));
        assertEquals(true, before.json().getBoolean("loyalty.dailyClaimAvailable"));
        assertNull(before.json().get("loyalty.nextClaimAt"));
        assertEquals("pair", before.json().getString("loyalty.stamps[0].cardId"));
        assertEquals(0, before.json().getInt("loyalty.stamps[0].count"));
        assertEquals(2, before.json().getInt("loyalty.stamps[0].of"));
        Response claim = LambdaApi.as(user).post("/rewards/daily", null, Map.of());
        Response after = LambdaApi.as(user).get("/wallet");
        assertEquals(false, after.json().getBoolean("loyalty.dailyClaimAvailable"), after.body());
        assertEquals(claim.json().getString("nextClaimAt"), after.json().getString("loyalty.nextClaimAt"));
        assertEquals(5, after.json().getInt("balanceCredits"));
        assertEquals("reward", after.json().getString("lots[0].source"));
        assertEquals(claim.json().getString("expiresAt"), after.json().getString("lots[0].expiresAt"));
    }

    /**
     * Rewards inside checkout, through the HTTP API on DynamoDB Local: the answer's {@code earned}, the same on a replay;
     * the second purchase completes the card; {@code GET /wallet}'s loyalty standing and {@code GET /wallet/ledger}'s
     * reward entries (paged one by one) agree with the answers; money invariants hold.
     */
    @Test
    void checkout_earnsCashbackAndStampRewards_answeredAndReplayed_shownInTheWalletAndItsLedger() {
        String user = Wallets.newUser("earn");
        // paid credits of unknown cost (no top-up behind them, so no revenue to account for)
        Wallets.fundLots(user, List.of(new dev.coinslot.domain.Lot(dev.coinslot.domain.LotSource.LEGACY, 1_000,
                java.util.Optional.empty(), java.time.Instant.EPOCH, java.util.Optional.empty(), "")));
        Response first = LambdaApi.as(user).checkout("earn-1", "sticker-cat", 1, 49);
        assertEquals(201, first.status(), first.body());
        assertEquals("CASHBACK", first.json().getString("earned[0].type"), first.body());
        assertEquals(4, first.json().getInt("earned[0].credits"), "10 % of 49, 0.9 carried");
        assertEquals(1_000 - 49 + 4, first.json().getInt("balanceAfterCredits"));
        Response replay = LambdaApi.as(user).checkout("earn-1", "sticker-cat", 1, 49);
        assertEquals(first.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        Response standing = LambdaApi.as(user).get("/wallet");
        assertEquals(1, standing.json().getInt("loyalty.streakDays"), standing.body());
        assertEquals(1, standing.json().getInt("loyalty.stamps[0].count"));

        Response second = LambdaApi.as(user).checkout("earn-2", "sticker-dog", 1, 49);
        assertEquals(201, second.status(), second.body());
        // 4 promotional credits (the first cashback) paid part of it: cashback on 45 paid + 0.9 carried = 5.4
        assertEquals(List.of("CASHBACK", "STAMP_REWARD"), second.json().getList("earned.type"), second.body());
        assertEquals(List.of(5, 5), second.json().getList("earned.credits"));
        Response after = LambdaApi.as(user).get("/wallet");
        assertEquals(0, after.json().getInt("loyalty.stamps[0].count"), after.body());
        assertEquals(second.json().getInt("balanceAfterCredits"), after.json().getInt("balanceCredits"));

        List<String> types = new ArrayList<>();
        String cursor = null;
        do {
            Response page = LambdaApi.as(user).get("/wallet/ledger?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page.body());
            types.addAll(page.json().getList("entries.type"));
            cursor = page.json().getString("nextCursor");
        } while (cursor != null);
        assertEquals(List.of("STAMP_REWARD", "CASHBACK", "PURCHASE", "CASHBACK", "PURCHASE", "GRANT"), types);
        WalletInvariants.Audit audit = WalletInvariants.assertMoneyInvariants(user);
        assertEquals(4 + 5 + 5, audit.rewarded());
    }
}

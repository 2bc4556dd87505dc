package dev.coinslot.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.AllFunctionsProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Auto top-up at checkout against DynamoDB Local and the loopback Stripe: off-session charges of the saved card that
 * succeed, need authentication, are declined, time out, or race the webhook; and the monthly cap.
 */
@QuarkusTest
@ExtendWith(LogSecretScan.class)
@TestProfile(AllFunctionsProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
class AutoTopUpFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StripeStub stripe = StripeStubResource.stub();

    @BeforeEach
    void resetStripe() {
        stripe.reset();
    }

    /** A user with {@code credits}, a saved card, and auto top-up on for the starter pack (500 credits for 500). */
    private static String userWithAutoTopUp(long credits, String paymentMethod, long capMinor) {
        String user = Wallets.newUser("auto");
        if (credits > 0) {
            Wallets.fund(user, credits);
        }
        Wallets.saveCard(user, "cus_" + user.substring(user.length() - 12), paymentMethod);
        Response r = LambdaApi.as(user).put("/wallet/auto-top-up",
                "{\"enabled\":true,\"packId\":\"starter\",\"monthlyCapMinor\":" + capMinor + "}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().getBoolean("autoTopUp.enabled"));
        return user;
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertEquals(status, r.status(), r.body());
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + slug, r.json().getString("type"));
    }

    private List<StripeStub.Recorded> confirms() {
        return stripe.requests().stream().filter(r -> r.path().endsWith("/confirm")).toList();
    }

    private List<StripeStub.Recorded> creates() {
        return stripe.requests().stream().filter(r -> "POST".equals(r.method()) && r.path().equals("/v1/payment_intents")).toList();
    }

    private static long topUpEntries(String user) {
        return WalletInvariants.itemsOfType(user, "LEDGER#").stream()
                .filter(i -> "TOP_UP".equals(i.get("entryType").s())).count();
    }

    private static Response deliverSucceeded(Map<String, Object> intent) {
        ObjectNode pi = JSON.valueToTree(intent);
        return StripeEvents.deliver(StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", pi));
    }

    @Test
    void shortBalance_chargesTheSavedCardOffSession_creditsAndBuys_andTheLaterWebhookIsANoOp() {
        String user = userWithAutoTopUp(20, StripeStub.PM_SUCCEEDS, 5000);
        Response r = LambdaApi.as(user).checkout("auto-1", "hat-gold", 1, 99);
        assertEquals(201, r.status(), r.body());
        assertEquals(20 + 500 - 99, r.json().getLong("balanceAfterCredits"));
        assertEquals("starter", r.json().getString("autoTopUp.packId"));
        assertEquals(500, r.json().getLong("autoTopUp.credits"));
        assertEquals(500, r.json().getLong("autoTopUp.amountMinor"));
        String pi = r.json().getString("autoTopUp.paymentIntentId");

        StripeStub.Recorded create = creates().get(0);
        assertEquals("500", create.param("amount"));
        assertEquals(StripeStub.PM_SUCCEEDS, create.param("payment_method"));
        assertEquals(user, create.param("metadata[coinslot_user]"));
        assertEquals(r.json().getString("autoTopUp.topUpId"), create.param("metadata[coinslot_topup_id]"));
        assertEquals(StripeEvents.DEPLOYMENT_ID, create.param("metadata[coinslot_deployment]"));
        assertThat(create.header("Idempotency-Key"), startsWith("coinslot-auto-top_"));
        assertEquals(1, confirms().size());
        assertEquals("true", confirms().get(0).param("off_session"));
        assertThat(confirms().get(0).header("Idempotency-Key"), startsWith("coinslot-auto-confirm-top_"));

        Response replay = LambdaApi.as(user).checkout("auto-1", "hat-gold", 1, 99);
        assertEquals(201, replay.status());
        assertEquals(r.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(2, stripe.requests().size(), "a replay calls Stripe no more");

        assertEquals(200, deliverSucceeded(stripe.paymentIntent(pi)).status());
        assertEquals(1, topUpEntries(user), "the webhook after the synchronous credit credits nothing");
        assertEquals(421, WalletInvariants.assertConsistent(user));
        Response wallet = LambdaApi.as(user).get("/wallet");
        assertEquals(500, wallet.json().getLong("autoTopUp.chargedThisMonthMinor"));
        assertEquals(0, wallet.json().getInt("autoTopUp.consecutiveFailures"));
    }

    @Test
    void enoughCredits_neverTouchesStripe() {
        String user = userWithAutoTopUp(200, StripeStub.PM_SUCCEEDS, 5000);
        assertEquals(201, LambdaApi.as(user).checkout("plenty", "hat-gold", 1, 99).status());
        assertTrue(stripe.requests().isEmpty(), stripe.requests().toString());
    }

    @Test
    void cardNeedingAuthentication_answersWithTheClientSecret_thenTheRetryAfterAuthenticationBuys_evenIfTheWebhookCameFirst() {
        String user = userWithAutoTopUp(0, StripeStub.PM_AUTHENTICATION_REQUIRED, 5000);
        Response r = LambdaApi.as(user).checkout("sca-1", "sticker-cat", 1, 49);
        assertProblem(r, 402, "authentication-required");
        String pi = r.json().getString("paymentIntentId");
        assertThat(r.json().getString("clientSecret"), startsWith(pi + "_secret_"));
        assertEquals(500, r.json().getLong("amountMinor"));
        assertEquals(0, WalletInvariants.purchaseCount(user));
        assertEquals(0, WalletInvariants.assertConsistent(user));

        Response again = LambdaApi.as(user).checkout("sca-1", "sticker-cat", 1, 49);
        assertProblem(again, 402, "authentication-required");
        assertEquals(pi, again.json().getString("paymentIntentId"), again.body());

        stripe.completeAuthentication(pi); // the customer confirmed on-session with the client secret
        assertEquals(200, deliverSucceeded(stripe.paymentIntent(pi)).status()); // the webhook credits first
        Response bought = LambdaApi.as(user).checkout("sca-1", "sticker-cat", 1, 49);
        assertEquals(201, bought.status(), bought.body());
        assertEquals(500 - 49, bought.json().getLong("balanceAfterCredits"));
        // The webhook credited the top-up before this retry, so the balance covered the purchase on its own.
        assertNull(bought.json().get("autoTopUp"));
        assertEquals(1, topUpEntries(user));
        assertEquals(1, creates().size());
        assertEquals(1, confirms().size(), "confirmed once; later attempts only read the payment");
        assertEquals(451, WalletInvariants.assertConsistent(user));
    }

    @Test
    void afterAuthentication_aRetryBeforeTheWebhook_creditsSynchronously_andTheWebhookThenChangesNothing() {
        String user = userWithAutoTopUp(0, StripeStub.PM_AUTHENTICATION_REQUIRED, 5000);
        Response r = LambdaApi.as(user).checkout("sca-2", "hat-gold", 1, 99);
        assertProblem(r, 402, "authentication-required");
        String pi = r.json().getString("paymentIntentId");
        stripe.completeAuthentication(pi);
        Response bought = LambdaApi.as(user).checkout("sca-2", "hat-gold", 1, 99);
        assertEquals(201, bought.status(), bought.body());
        assertEquals(pi, bought.json().getString("autoTopUp.paymentIntentId"));
        assertEquals(200, deliverSucceeded(stripe.paymentIntent(pi)).status());
        assertEquals(1, topUpEntries(user));
        assertEquals(401, WalletInvariants.assertConsistent(user));
    }

    /** Stickers just beyond the balance (short by less than one sticker), so the starter pack covers the shortfall. */
    private static Response shortCheckout(String user, String key) {
        int quantity = (int) (WalletInvariants.assertConsistent(user) / 49 + 1);
        return LambdaApi.as(user).checkout(key, "sticker-cat", quantity, 49L * quantity);
    }

    @Test
    void successfulAutoTopUp_resetsTheDeclineCount_soDeclineSuccessDeclineSuccessDecline_keepsItOn() {
        String user = userWithAutoTopUp(0, StripeStub.PM_DECLINED, 5000);
        String customer = "cus_" + user.substring(user.length() - 12);
        for (int round = 1; round <= 2; round++) {
            Wallets.saveCard(user, customer, StripeStub.PM_DECLINED);
            assertProblem(shortCheckout(user, "alt-decline-" + round), 402, "card-declined");
            assertEquals(1, LambdaApi.as(user).get("/wallet").json().getInt("autoTopUp.consecutiveFailures"));

            // the stub declines by payment method: the card that declined succeeds now (as once funds arrived); swapped
            // directly, not through a paid top-up, whose webhook would end the run of declines by itself
            Wallets.saveCard(user, customer, StripeStub.PM_SUCCEEDS);
            Response bought = shortCheckout(user, "alt-ok-" + round);
            assertEquals(201, bought.status(), bought.body());
            assertEquals(500, bought.json().getLong("autoTopUp.credits"));
            assertEquals(0, LambdaApi.as(user).get("/wallet").json().getInt("autoTopUp.consecutiveFailures"),
                    "the synchronous credit of the auto top-up ends the run of declines, round " + round);
            String pi = bought.json().getString("autoTopUp.paymentIntentId");
            assertEquals(200, deliverSucceeded(stripe.paymentIntent(pi)).status());
        }
        Wallets.saveCard(user, customer, StripeStub.PM_DECLINED);

        Response third = shortCheckout(user, "alt-decline-3");

        assertProblem(third, 402, "card-declined");
        assertFalse(third.json().getBoolean("autoTopUpDisabled"), "three declines, but never three in a row");
        Response wallet = LambdaApi.as(user).get("/wallet");
        assertTrue(wallet.json().getBoolean("autoTopUp.enabled"));
        assertEquals(1, wallet.json().getInt("autoTopUp.consecutiveFailures"));
        assertEquals(2, topUpEntries(user));
        WalletInvariants.assertConsistent(user);
    }

    @Test
    void declinedCard_isCountedOncePerCheckout_andSwitchesAutoTopUpOffAfterThree() {
        String user = userWithAutoTopUp(0, StripeStub.PM_DECLINED, 5000);
        Response first = LambdaApi.as(user).checkout("dec-1", "sticker-cat", 1, 49);
        assertProblem(first, 402, "card-declined");
        assertEquals("generic_decline", first.json().getString("declineCode"));
        assertFalse(first.json().getBoolean("autoTopUpDisabled"));
        assertProblem(LambdaApi.as(user).checkout("dec-1", "sticker-cat", 1, 49), 402, "card-declined");
        Response wallet = LambdaApi.as(user).get("/wallet");
        assertEquals(1, wallet.json().getInt("autoTopUp.consecutiveFailures"), "a retried checkout counts its decline once");
        assertEquals(0, wallet.json().getLong("autoTopUp.chargedThisMonthMinor"), "a declined charge gives the cap back");

        assertProblem(LambdaApi.as(user).checkout("dec-2", "sticker-cat", 1, 49), 402, "card-declined");
        Response third = LambdaApi.as(user).checkout("dec-3", "sticker-cat", 1, 49);
        assertProblem(third, 402, "card-declined");
        assertTrue(third.json().getBoolean("autoTopUpDisabled"));
        wallet = LambdaApi.as(user).get("/wallet");
        assertFalse(wallet.json().getBoolean("autoTopUp.enabled"));
        assertEquals("3 consecutive declined charges", wallet.json().getString("autoTopUp.disabledReason"));

        int before = stripe.requests().size();
        assertProblem(LambdaApi.as(user).checkout("dec-4", "sticker-cat", 1, 49), 402, "insufficient-credits");
        assertEquals(before, stripe.requests().size(), "switched off: no more charges");
        assertEquals(0, topUpEntries(user));
        WalletInvariants.assertConsistent(user);
    }

    /**
     * Regression (issue 13): a declined auto top-up gives its amount back to the monthly cap; when that payment succeeded
     * later (the customer paid it after all), it was credited but never counted against the cap again.
     */
    @Test
    void declinedAutoTopUpThatSucceedsLater_countsAgainstTheMonthlyCapAgain_once() {
        String user = userWithAutoTopUp(0, StripeStub.PM_DECLINED, 5000);
        assertProblem(LambdaApi.as(user).checkout("late-1", "sticker-cat", 1, 49), 402, "card-declined");
        assertEquals(0, LambdaApi.as(user).get("/wallet").json().getLong("autoTopUp.chargedThisMonthMinor"));
        String pi = (String) stripe.paymentIntents().get(0).get("id");
        stripe.completeAuthentication(pi); // paid on-session after all
        Response first = deliverSucceeded(stripe.paymentIntent(pi));
        assertEquals(200, first.status(), first.body());
        assertEquals("applied", first.json().getString("outcome"));
        assertEquals(500, WalletInvariants.assertConsistent(user));
        assertEquals(500, LambdaApi.as(user).get("/wallet").json().getLong("autoTopUp.chargedThisMonthMinor"));
        assertEquals("duplicate", deliverSucceeded(stripe.paymentIntent(pi)).json().getString("outcome"));
        assertEquals(500, LambdaApi.as(user).get("/wallet").json().getLong("autoTopUp.chargedThisMonthMinor"),
                "counted once");
        assertEquals(1, topUpEntries(user));
    }

    @Test
    void stripeTimeoutOnConfirm_thenRetryWithTheSameKey_chargesOnce() {
        String user = userWithAutoTopUp(0, StripeStub.PM_SUCCEEDS, 5000);
        // The confirmation reaches Stripe and is applied, but every response is lost (stripe-java retries once).
        stripe.dropConnectionAfterCommitNext("POST", "/v1/payment_intents/");
        stripe.dropConnectionAfterCommitNext("POST", "/v1/payment_intents/");
        assertProblem(LambdaApi.as(user).checkout("slow-1", "hat-gold", 1, 99), 503, "payments-unavailable");
        assertEquals(0, WalletInvariants.purchaseCount(user));

        Response retried = LambdaApi.as(user).checkout("slow-1", "hat-gold", 1, 99);
        assertEquals(201, retried.status(), retried.body());
        String pi = retried.json().getString("autoTopUp.paymentIntentId");
        assertEquals(1, stripe.paymentIntents().size());
        assertEquals(1, stripe.paymentIntents().stream().filter(p -> "succeeded".equals(p.get("status"))).count());
        assertEquals(pi, stripe.paymentIntents().get(0).get("id"));
        assertEquals(1, topUpEntries(user));
        assertEquals(401, WalletInvariants.assertConsistent(user));
    }

    @Test
    void monthlyCap_allowsChargesUpToIt_thenRefusesWithoutCallingStripe() {
        String user = userWithAutoTopUp(0, StripeStub.PM_SUCCEEDS, 500);
        assertEquals(201, LambdaApi.as(user).checkout("cap-1", "sticker-cat", 8, 392).status());
        assertEquals(108, WalletInvariants.assertConsistent(user));
        int before = stripe.requests().size();
        Response capped = LambdaApi.as(user).checkout("cap-2", "sticker-cat", 3, 147);
        assertProblem(capped, 402, "auto-top-up-cap-reached");
        assertEquals(500, capped.json().getLong("capMinor"));
        assertEquals(500, capped.json().getLong("chargedThisMonthMinor"));
        assertEquals(500, capped.json().getLong("packPriceMinor"));
        assertEquals(before, stripe.requests().size());
        assertEquals(108, WalletInvariants.assertConsistent(user));
    }

    @Test
    void shortfallBeyondTheConfiguredPack_picksTheSmallestPackThatCovers() {
        String user = userWithAutoTopUp(0, StripeStub.PM_SUCCEEDS, 5000);
        Response r = LambdaApi.as(user).checkout("big-1", "sticker-cat", 33, 1617);
        assertEquals(201, r.status(), r.body());
        assertEquals("max", r.json().getString("autoTopUp.packId"));
        assertEquals(2400, r.json().getLong("autoTopUp.credits"));
        assertEquals(2400 - 1617, WalletInvariants.assertConsistent(user));
    }

    @Test
    void enabling_needsASavedCard_aKnownPack_andACapCoveringOneCharge() {
        String user = Wallets.newUser("nocard");
        assertProblem(LambdaApi.as(user).put("/wallet/auto-top-up",
                "{\"enabled\":true,\"packId\":\"starter\",\"monthlyCapMinor\":1000}"), 409, "no-saved-card");
        Wallets.saveCard(user, "cus_x", StripeStub.PM_SUCCEEDS);
        assertProblem(LambdaApi.as(user).put("/wallet/auto-top-up",
                "{\"enabled\":true,\"packId\":\"nope\",\"monthlyCapMinor\":1000}"), 422, "unknown-pack");
        assertProblem(LambdaApi.as(user).put("/wallet/auto-top-up",
                "{\"enabled\":true,\"packId\":\"plus\",\"monthlyCapMinor\":999}"), 422, "invalid-monthly-cap");
        assertNull(LambdaApi.as(user).get("/wallet").json().get("autoTopUp"), "refusals write nothing");
        Response off = LambdaApi.as(user).put("/wallet/auto-top-up", "{\"enabled\":false}");
        assertEquals(200, off.status(), off.body());
    }

    @Test
    void webhookOfATopUp_keepsItsPaymentMethodOnTheWallet_forAutoTopUp() {
        String user = Wallets.newUser("saver");
        Wallets.saveCard(user, "cus_saver", "pm_old");
        ObjectNode pi = StripeEvents.paymentIntent("pi_" + user.substring(user.length() - 12), user,
                "top_" + "0123456789abcdef01234567", "starter", 500, 500, 0, "succeeded");
        pi.put("payment_method", "pm_card_saved_by_topup");
        assertEquals(200, StripeEvents.deliver(StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", pi)).status());
        Map<String, AttributeValue> wallet = WalletInvariants.itemsOfType(user, "WALLET").get(0);
        assertEquals("pm_card_saved_by_topup", wallet.get("savedPaymentMethod").s());
        assertTrue(LambdaApi.as(user).get("/wallet").json().getBoolean("savedCard"));
    }
}

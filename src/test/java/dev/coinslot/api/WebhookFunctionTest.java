package dev.coinslot.api;

import static dev.coinslot.support.StripeEvents.charge;
import static dev.coinslot.support.StripeEvents.deliver;
import static dev.coinslot.support.StripeEvents.dispute;
import static dev.coinslot.support.StripeEvents.event;
import static dev.coinslot.support.StripeEvents.newEventId;
import static dev.coinslot.support.StripeEvents.paymentIntent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.checkout.CheckoutService;
import dev.coinslot.application.topup.TopUpService;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.TopUpOutcome;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import dev.coinslot.support.WebhookFunctionProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stripe webhook reconciliation: signed events built from Stripe's fixture shapes, delivered as API Gateway events
 * to the webhook function; money must move exactly once whatever the order or duplication.
 */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(WebhookFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
class WebhookFunctionTest {

    @Inject
    TopUpService topUps;
    @Inject
    CheckoutService checkout;

    private final StripeStub stripe = StripeStubResource.stub();
    private final List<String> users = new ArrayList<>();

    @BeforeEach
    void reset() {
        stripe.reset();
    }

    /** After every scenario: balance == sum of ledger, and no top-up credited more than once. */
    @AfterEach
    void invariants() {
        for (String user : users) {
            WalletInvariants.assertConsistent(user);
            long topUpEntries = WalletInvariants.itemsOfType(user, "LEDGER#").stream()
                    .filter(i -> "TOP_UP".equals(i.get("entryType").s())).count();
            long distinct = WalletInvariants.itemsOfType(user, "LEDGER#").stream()
                    .filter(i -> "TOP_UP".equals(i.get("entryType").s())).map(i -> i.get("ref").s()).distinct().count();
            assertEquals(distinct, topUpEntries, "a top-up was credited twice for " + user);
        }
    }

    private String user(String label) {
        String user = Wallets.newUser(label);
        users.add(user);
        return user;
    }

    /** A PENDING top-up of the 'plus' pack (10.00 USD → 1,000 + 100 credits) created through the real top-up path. */
    private TopUpOutcome.Started startTopUp(String user) {
        return assertInstanceOf(TopUpOutcome.Started.class, topUps.start(user, UUID.randomUUID().toString(), "plus"));
    }

    private static ObjectNode succeededPi(TopUpOutcome.Started t) {
        return paymentIntent(t.topUp().paymentIntentId(), t.topUp().ownerId(), t.topUp().id(), "plus", 1000, 1000, 100,
                "succeeded");
    }

    private static long balance(String user) {
        return WalletInvariants.assertConsistent(user);
    }

    private static String status(String user, String topUpId) {
        return WalletInvariants.itemsOfType(user, "TOPUP#" + topUpId).get(0).get("status").s();
    }

    private static void assertOk(Response r, String outcome) {
        assertEquals(200, r.status(), r.body());
        assertEquals(outcome, r.json().getString("outcome"), r.body());
    }

    @Test
    void paymentSucceeded_creditsPackPlusBonusOnce_andMarksTopUpSucceeded() {
        String user = user("paid");
        TopUpOutcome.Started t = startTopUp(user);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertEquals(1100, balance(user));
        assertEquals("SUCCEEDED", status(user, t.topUp().id()));
        Map<String, AttributeValue> entry = WalletInvariants.itemsOfType(user, "LEDGER#").get(0);
        assertEquals("TOP_UP", entry.get("entryType").s());
        assertEquals("topup:" + t.topUp().id(), entry.get("ref").s());
    }

    @Test
    void sameEventDeliveredTwentyTimesInParallel_creditsOnce() throws Exception {
        String user = user("dup");
        TopUpOutcome.Started t = startTopUp(user);
        String body = event(newEventId(), "payment_intent.succeeded", succeededPi(t));
        List<Response> responses = parallel(20, i -> deliver(body));
        responses.forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(1, responses.stream().filter(r -> "applied".equals(r.json().getString("outcome"))).count());
        assertEquals(1100, balance(user));
        assertEquals(1, WalletInvariants.count(user, "LEDGER#"));
    }

    @Test
    void differentEventsForOnePayment_creditOnce_evenConcurrently() throws Exception {
        String user = user("twoevents");
        TopUpOutcome.Started t = startTopUp(user);
        List<Response> responses = parallel(10, i -> deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))));
        responses.forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(1100, balance(user));
        assertEquals(1, WalletInvariants.count(user, "LEDGER#"));
    }

    @Test
    void succeededBeforeTheApiRecordedTheTopUp_isBuiltFromMetadata_andTheLateApiWriteKeepsItSucceeded() {
        String user = user("early");
        String topUpId = "top_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ObjectNode pi = paymentIntent("pi_early" + topUpId.substring(4, 12), user, topUpId, "max", 2000, 2000, 400, "succeeded");
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", pi, null)), "applied");
        assertEquals(2400, balance(user));
        assertEquals("SUCCEEDED", status(user, topUpId));
        assertEquals(2000, Long.parseLong(WalletInvariants.itemsOfType(user, "TOPUP#").get(0).get("amountMinor").n()));
    }

    /**
     * Regression (issue 13): a PaymentIntent created outside Coinslot (Dashboard, Payment Link, a leaked key) for 0.50 USD
     * whose metadata claims 1,000,000 credits, signed correctly by Stripe, used to credit 1,000,000.
     */
    @Test
    void forgedPaymentIntent_ofFiftyCentsClaimingAMillionCredits_mintsNothing() {
        String user = user("forged-meta");
        String topUpId = newTopUpId();
        ObjectNode pi = paymentIntent("pi_forged" + topUpId.substring(4, 14), user, topUpId, "plus", 50, 1_000_000, 0,
                "succeeded");
        ((ObjectNode) pi.get("metadata")).remove("coinslot_deployment");
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", pi)), "ignored");
        assertEquals(0, WalletInvariants.count(user, "LEDGER#"));
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        assertEquals(0, balance(user));
    }

    /** The same forgery carrying this deployment's id (copied from a real payment): stuck for an operator, never credited. */
    @Test
    void forgedPaymentIntent_withThisDeploymentsId_isStuck_byWebhookAndSweep_andMintsNothing() {
        String user = user("forged-id");
        String topUpId = newTopUpId();
        ObjectNode pi = paymentIntent("pi_forgedid" + topUpId.substring(4, 14), user, topUpId, "plus", 50, 1_000_000, 0,
                "succeeded");
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", pi)), "stuck");
        stripe.putPaymentIntent(StripeEvents.asMap(pi));
        Response sweep = LambdaApi.scheduled().post("/internal/sweep", "{}", Map.of());
        assertEquals(200, sweep.status(), sweep.body());
        assertEquals(1, sweep.json().getInt("stuck"), sweep.body());
        assertEquals(0, sweep.json().getInt("repaired"), sweep.body());
        assertEquals(0, WalletInvariants.count(user, "LEDGER#"));
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        assertEquals(0, balance(user));
    }

    /**
     * A payment created outside Coinslot that names a real PENDING top-up: its id is not the recorded one, so it is stuck
     * (success) or ignored (failure), the top-up keeps its own payment, and that payment still credits.
     */
    @Test
    void forgedPaymentIntent_namingARealTopUp_changesNothing_andTheRealPaymentStillCredits() {
        String user = user("forged-real");
        TopUpOutcome.Started t = startTopUp(user);
        String forgedPi = "pi_forgedreal" + t.topUp().id().substring(4, 14);
        ObjectNode forged = paymentIntent(forgedPi, user, t.topUp().id(), "plus", 1000, 1000, 100, "succeeded");
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", forged)), "stuck");
        ObjectNode forgedFailure = paymentIntent(forgedPi, user, t.topUp().id(), "plus", 1000, 1000, 100,
                "requires_payment_method");
        assertOk(deliver(event(newEventId(), "payment_intent.payment_failed", forgedFailure)), "ignored");
        Map<String, AttributeValue> topUp = WalletInvariants.itemsOfType(user, "TOPUP#").get(0);
        assertEquals("PENDING", topUp.get("status").s());
        assertEquals(t.topUp().paymentIntentId(), topUp.get("paymentIntentId").s());
        assertEquals(0, balance(user));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertEquals(1100, balance(user));
    }

    @Test
    void paymentWhoseAmountOrCurrencyIsNotTheRecordedTopUps_isStuck() {
        String user = user("mismatch");
        TopUpOutcome.Started t = startTopUp(user);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t).put("amount", 999)
                .put("amount_received", 999))), "stuck");
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t).put("currency", "eur"))), "stuck");
        assertEquals("PENDING", status(user, t.topUp().id()));
        assertEquals(0, balance(user));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertEquals(1100, balance(user));
    }

    @Test
    void topUpNotRecordedYet_isRebuiltOnlyWhenMetadataAmountCurrencyAndPackAllAgree() {
        String user = user("rebuild");
        List<ObjectNode> disagreeing = List.of(
                paymentIntent("pi_rb1" + user.hashCode(), user, newTopUpId(), "mega", 1000, 1000, 100, "succeeded"),
                paymentIntent("pi_rb2" + user.hashCode(), user, newTopUpId(), "plus", 999, 1000, 100, "succeeded"),
                paymentIntent("pi_rb3" + user.hashCode(), user, newTopUpId(), "plus", 1000, 1000, 200, "succeeded"),
                paymentIntent("pi_rb4" + user.hashCode(), user, newTopUpId(), "plus", 1000, 1100, 0, "succeeded"),
                paymentIntent("pi_rb5" + user.hashCode(), user, newTopUpId(), "plus", 1000, 1000, 100, "succeeded")
                        .put("currency", "eur"));
        for (ObjectNode pi : disagreeing) {
            assertOk(deliver(event(newEventId(), "payment_intent.succeeded", pi)), "stuck");
        }
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        assertEquals(0, balance(user));
        String topUpId = newTopUpId();
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded",
                paymentIntent("pi_rb6" + user.hashCode(), user, topUpId, "plus", 1000, 1000, 100, "succeeded"))), "applied");
        assertEquals(1100, balance(user));
        assertEquals("SUCCEEDED", status(user, topUpId));
    }

    /** One Stripe account, two deployments: everything about the other deployment's payment is acknowledged and ignored. */
    @Test
    void paymentOfAnotherDeployment_isIgnored_withItsRefundsDisputesAndFailures_byWebhookAndSweep() {
        String user = user("other-stack");
        String topUpId = newTopUpId();
        String piId = "pi_otherstack" + topUpId.substring(4, 14);
        ObjectNode pi = paymentIntent(piId, user, topUpId, "plus", 1000, 1000, 100, "succeeded",
                StripeEvents.OTHER_DEPLOYMENT_ID);
        stripe.putPaymentIntent(StripeEvents.asMap(pi));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", pi)), "ignored");
        ObjectNode failed = paymentIntent(piId, user, topUpId, "plus", 1000, 1000, 100, "requires_payment_method",
                StripeEvents.OTHER_DEPLOYMENT_ID);
        assertOk(deliver(event(newEventId(), "payment_intent.payment_failed", failed)), "ignored");
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(piId, 1000, 1000))), "ignored");
        assertOk(deliver(event(newEventId(), "charge.dispute.created", dispute("dp_other_stack", piId, 1000, "needs_response"))),
                "ignored");
        assertOk(deliver(event(newEventId(), "charge.dispute.closed", dispute("dp_other_stack", piId, 1000, "lost"))),
                "ignored");
        Response sweep = LambdaApi.scheduled().post("/internal/sweep", "{}", Map.of());
        assertEquals(200, sweep.status(), sweep.body());
        assertEquals(1, sweep.json().getInt("ignored"), sweep.body());
        assertEquals(0, sweep.json().getInt("repaired"), sweep.body());
        assertEquals(0, WalletInvariants.count(user, "TOPUP#"));
        assertEquals(0, WalletInvariants.count(user, "WALLET"));
    }

    @Test
    void liveModeEvent_toADeploymentOnATestKey_isIgnored() {
        String user = user("livemode");
        TopUpOutcome.Started t = startTopUp(user);
        assertOk(deliver(StripeEvents.liveEvent(newEventId(), "payment_intent.succeeded", succeededPi(t))), "ignored");
        assertEquals("PENDING", status(user, t.topUp().id()));
        assertEquals(0, balance(user));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertEquals(1100, balance(user));
    }

    /**
     * An upgrade loses no money in flight: payments created before deployments had an id (or under an id since changed)
     * are credited when they are the PaymentIntent recorded for their top-up.
     */
    @Test
    void paymentCreatedBeforeDeploymentsHadAnId_isCreditedFromItsRecordedTopUp_byWebhookAndSweep() {
        String user = user("legacy");
        TopUpOutcome.Started t = startTopUp(user);
        ObjectNode legacy = paymentIntent(t.topUp().paymentIntentId(), user, t.topUp().id(), "plus", 1000, 1000, 100,
                "succeeded", null);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", legacy)), "applied");
        assertEquals(1100, balance(user));

        String renamed = user("renamed");
        TopUpOutcome.Started r = startTopUp(renamed);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", paymentIntent(r.topUp().paymentIntentId(), renamed,
                r.topUp().id(), "plus", 1000, 1000, 100, "succeeded", "the-id-before-it-was-changed"))), "applied");
        assertEquals(1100, balance(renamed));

        String swept = user("legacy-swept");
        TopUpOutcome.Started s = startTopUp(swept);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = new java.util.HashMap<>(
                (Map<String, Object>) stripe.paymentIntent(s.topUp().paymentIntentId()).get("metadata"));
        assertEquals(StripeEvents.DEPLOYMENT_ID, metadata.remove("coinslot_deployment"), "the top-up API writes the id");
        stripe.putPaymentIntentField(s.topUp().paymentIntentId(), "metadata", metadata);
        stripe.setPaymentIntentStatus(s.topUp().paymentIntentId(), "succeeded");
        Response sweep = LambdaApi.scheduled().post("/internal/sweep", "{}", Map.of());
        assertEquals(1, sweep.json().getInt("repaired"), sweep.body());
        assertEquals(1100, balance(swept));
    }

    /**
     * Regression (issue 13): a dispute close whose payment was not recorded yet was marked processed while its open was
     * deferred, so once the open applied the wallet stayed frozen for good. Now the close waits like the open.
     */
    @Test
    void disputeClosedBeforeItsPaymentWasRecorded_isDeferredLikeItsOpen_andTheWalletEndsActive() {
        String user = user("dispute-unrecorded");
        String topUpId = newTopUpId();
        String piId = "pi_unrecorded" + topUpId.substring(4, 14);
        ObjectNode pi = paymentIntent(piId, user, topUpId, "plus", 1000, 1000, 100, "succeeded");
        stripe.putPaymentIntent(StripeEvents.asMap(pi));
        String opened = event(newEventId(), "charge.dispute.created", dispute("dp_unrecorded", piId, 1000, "needs_response"));
        String closed = event(newEventId(), "charge.dispute.closed", dispute("dp_unrecorded", piId, 1000, "won"));
        assertEquals(503, deliver(opened).status());
        Response early = deliver(closed);
        assertEquals(503, early.status(), early.body());
        assertEquals("https://coinslot.dev/problems/event-deferred", early.json().getString("type"));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", pi)), "applied");
        assertOk(deliver(opened), "applied");
        assertEquals("FROZEN", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("status").s());
        assertOk(deliver(closed), "applied");
        assertEquals("ACTIVE", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("status").s());
        assertEquals(1100, balance(user));
    }

    private static String newTopUpId() {
        return "top_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    @Test
    void failedAfterSucceeded_neverUncredits() {
        String user = user("late-fail");
        TopUpOutcome.Started t = startTopUp(user);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        ObjectNode failed = succeededPi(t).put("status", "requires_payment_method");
        assertOk(deliver(event(newEventId(), "payment_intent.payment_failed", failed)), "duplicate");
        assertOk(deliver(event(newEventId(), "payment_intent.canceled", failed.put("status", "canceled"))), "duplicate");
        assertEquals("SUCCEEDED", status(user, t.topUp().id()));
        assertEquals(1100, balance(user));
    }

    @Test
    void failedThenSucceeded_onTheSamePayment_creditsOnce() {
        String user = user("retry-card");
        TopUpOutcome.Started t = startTopUp(user);
        ObjectNode failed = succeededPi(t).put("status", "requires_payment_method").put("amount_received", 0);
        assertOk(deliver(event(newEventId(), "payment_intent.payment_failed", failed)), "applied");
        assertEquals("FAILED", status(user, t.topUp().id()));
        assertEquals(0, balance(user));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertEquals("SUCCEEDED", status(user, t.topUp().id()));
        assertEquals(1100, balance(user));
    }

    @Test
    void partialThenFullRefund_clawsBackProportionally_neverMoreThanCredited() {
        String user = user("refund");
        TopUpOutcome.Started t = startTopUp(user);
        String pi = t.topUp().paymentIntentId();
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        String partial = event(newEventId(), "charge.refunded", charge(pi, 1000, 300));
        assertOk(deliver(partial), "applied");
        assertEquals(1100 - 330, balance(user));
        assertOk(deliver(partial), "duplicate");
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(pi, 1000, 300))), "duplicate");
        assertEquals(770, balance(user));
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(pi, 1000, 1000))), "applied");
        assertEquals(0, balance(user));
        assertEquals("REFUNDED", status(user, t.topUp().id()));
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(pi, 1000, 1000))), "duplicate");
        assertEquals(0, balance(user));
    }

    @Test
    void refundAfterSpending_takesTheWalletNegative_andCheckoutIsRefusedUntilToppedUp() {
        String user = user("spender");
        TopUpOutcome.Started t = startTopUp(user);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertInstanceOf(CheckoutOutcome.Purchased.class, checkout.checkout(new CheckoutCommand(user, "buy-1", "sticker-cat", 20, 980)));
        assertEquals(120, balance(user));
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(t.topUp().paymentIntentId(), 1000, 1000))), "applied");
        assertEquals(120 - 1100, balance(user));
        CheckoutOutcome refused = checkout.checkout(new CheckoutCommand(user, "buy-2", "sticker-cat", 1, 49));
        CheckoutOutcome.InsufficientCredits shortOf = assertInstanceOf(CheckoutOutcome.InsufficientCredits.class, refused);
        assertEquals(980 + 49, shortOf.shortfall().amount());
    }

    @Test
    void refundBeforeTheCreditWasApplied_isDeferredWith503_soStripeRetries() {
        String user = user("refund-first");
        TopUpOutcome.Started t = startTopUp(user);
        Response r = deliver(event(newEventId(), "charge.refunded", charge(t.topUp().paymentIntentId(), 1000, 1000)));
        assertEquals(503, r.status(), r.body());
        assertEquals(0, WalletInvariants.count(user, "LEDGER#"));
    }

    @Test
    void refundOrDisputeOfAPaymentThatIsNotCoinslots_isAcknowledgedAsIgnored() {
        assertOk(deliver(event(newEventId(), "charge.refunded", charge("pi_someoneelse0001", 1000, 1000))), "ignored");
        assertOk(deliver(event(newEventId(), "charge.dispute.created", dispute("dp_other", "pi_someoneelse0001", 1000,
                "needs_response"))), "ignored");
    }

    @Test
    void disputeOpened_freezesTheWallet_won_unfreezes() {
        String user = user("dispute-won");
        TopUpOutcome.Started t = startTopUp(user);
        String pi = t.topUp().paymentIntentId();
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        String opened = event(newEventId(), "charge.dispute.created", dispute("dp_won" + user.hashCode(), pi, 1000, "needs_response"));
        assertOk(deliver(opened), "applied");
        assertEquals("FROZEN", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("status").s());
        assertEquals("DISPUTED", status(user, t.topUp().id()));
        assertInstanceOf(CheckoutOutcome.WalletFrozen.class, checkout.checkout(new CheckoutCommand(user, "b", "sticker-cat", 1, 49)));
        assertOk(deliver(opened), "duplicate");
        assertOk(deliver(event(newEventId(), "charge.dispute.closed", dispute("dp_won" + user.hashCode(), pi, 1000, "won"))), "applied");
        assertEquals("ACTIVE", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("status").s());
        assertEquals("SUCCEEDED", status(user, t.topUp().id()));
        assertEquals(1100, balance(user));
        assertInstanceOf(CheckoutOutcome.Purchased.class, checkout.checkout(new CheckoutCommand(user, "c", "sticker-cat", 1, 49)));
    }

    /** Regression (simulation seed 1000): a close delivered before its open used to leave the wallet frozen for good. */
    @Test
    void disputeClosedBeforeItWasOpened_isDeferred_thenBothApplyInOrder_andTheWalletEndsActive() {
        String user = user("dispute-reordered");
        TopUpOutcome.Started t = startTopUp(user);
        String pi = t.topUp().paymentIntentId();
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        String closed = event(newEventId(), "charge.dispute.closed", dispute("dp_reordered", pi, 1000, "lost"));
        Response early = deliver(closed);
        assertEquals(503, early.status(), early.body());
        assertEquals("https://coinslot.dev/problems/event-deferred", early.json().getString("type"));
        assertEquals(1100, balance(user));
        assertOk(deliver(event(newEventId(), "charge.dispute.created", dispute("dp_reordered", pi, 1000, "needs_response"))),
                "applied");
        assertOk(deliver(closed), "applied");
        assertOk(deliver(event(newEventId(), "charge.dispute.closed", dispute("dp_reordered", pi, 1000, "lost"))), "duplicate");
        assertEquals(0, balance(user));
        assertEquals("ACTIVE", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("status").s());
    }

    /**
     * Regression (simulation seeds 1000-1002): a dispute applied before its payment's credit marked the top-up DISPUTED,
     * which counts as credited, so the credit was never applied and a refund clawed back credits never given.
     */
    @Test
    void disputeBeforeThePaymentWasCredited_isDeferred_andTheCreditStillApplies() {
        String user = user("dispute-early");
        TopUpOutcome.Started t = startTopUp(user);
        String pi = t.topUp().paymentIntentId();
        String opened = event(newEventId(), "charge.dispute.created", dispute("dp_early", pi, 1000, "needs_response"));
        Response early = deliver(opened);
        assertEquals(503, early.status(), early.body());
        assertEquals("https://coinslot.dev/problems/event-deferred", early.json().getString("type"));
        assertEquals("PENDING", status(user, t.topUp().id()));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertEquals(1100, balance(user));
        assertOk(deliver(opened), "applied");
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(pi, 1000, 1000))), "applied");
        assertEquals(0, balance(user));
        assertOk(deliver(event(newEventId(), "charge.dispute.closed", dispute("dp_early", pi, 1000, "won"))), "applied");
        assertEquals(0, balance(user));
        assertEquals("REFUNDED", status(user, t.topUp().id()));
    }

    @Test
    void disputeLost_clawsBackWhatRemains_keepsARecord_andUnfreezes() {
        String user = user("dispute-lost");
        TopUpOutcome.Started t = startTopUp(user);
        String pi = t.topUp().paymentIntentId();
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "applied");
        assertOk(deliver(event(newEventId(), "charge.refunded", charge(pi, 1000, 100))), "applied");
        assertEquals(990, balance(user));
        assertOk(deliver(event(newEventId(), "charge.dispute.created", dispute("dp_lost", pi, 900, "needs_response"))), "applied");
        String lost = event(newEventId(), "charge.dispute.closed", dispute("dp_lost", pi, 900, "lost"));
        assertOk(deliver(lost), "applied");
        assertOk(deliver(lost), "duplicate");
        assertOk(deliver(event(newEventId(), "charge.dispute.closed", dispute("dp_lost", pi, 900, "lost"))), "duplicate");
        assertEquals(0, balance(user));
        Map<String, AttributeValue> topUp = WalletInvariants.itemsOfType(user, "TOPUP#").get(0);
        assertEquals("DISPUTED", topUp.get("status").s());
        assertEquals("lost:dp_lost", topUp.get("disputeOutcome").s());
        assertEquals("1100", topUp.get("clawedBackCredits").n());
        assertEquals("ACTIVE", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("status").s());
        assertEquals(List.of("TOP_UP", "REFUND_CLAWBACK", "DISPUTE_CLAWBACK"), WalletInvariants.itemsOfType(user, "LEDGER#").stream()
                .map(i -> i.get("entryType").s()).toList());
    }

    @Test
    void unknownEventType_isAcknowledgedAndIgnored() {
        assertOk(deliver(event(newEventId(), "customer.created", StripeEvents.fixture("customer"))), "ignored");
        ObjectNode foreign = StripeEvents.fixture("payment_intent");
        foreign.put("status", "succeeded");
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", foreign)), "ignored");
    }

    @Test
    void eventsWithNullOrOtherApiVersion_areProcessed() {
        String user = user("versions");
        TopUpOutcome.Started t = startTopUp(user);
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t), "2019-02-19")), "applied");
        assertEquals(1100, balance(user));
    }

    @Test
    void badMissingTamperedOrStaleSignatures_are400_andWriteNothing() {
        String user = user("forged");
        TopUpOutcome.Started t = startTopUp(user);
        String body = event(newEventId(), "payment_intent.succeeded", succeededPi(t));
        long now = System.currentTimeMillis() / 1000;
        List<Response> refused = List.of(
                deliver(body, null),
                deliver(body, ""),
                deliver(body, "t=" + now + ",v1=" + "0".repeat(64)),
                deliver(body, StripeEvents.signature(body, "whsec_wrong", now)),
                deliver(body.replace("\"amount\":1000", "\"amount\":100000"), StripeEvents.signature(body)),
                deliver(body, StripeEvents.signature(body, StripeEvents.SECRET, now - 301)),
                deliver(body, StripeEvents.signature(body, StripeEvents.SECRET, now + 3600).replace("t=" + (now + 3600), "t=" + now)));
        for (Response r : refused) {
            assertEquals(400, r.status(), r.body());
            assertThat(r.contentType(), startsWith("application/problem+json"));
            assertEquals("https://coinslot.dev/problems/invalid-signature", r.json().getString("type"));
            assertFalse(r.body().contains(user), "the body must not be echoed");
        }
        assertEquals(0, WalletInvariants.count(user, "LEDGER#"));
        assertEquals("PENDING", status(user, t.topUp().id()));
    }

    @Test
    void previousSecretDuringRotation_andSeveralV1Values_areAccepted() {
        String user = user("rotated");
        TopUpOutcome.Started t = startTopUp(user);
        String body = event(newEventId(), "payment_intent.succeeded", succeededPi(t));
        long now = System.currentTimeMillis() / 1000;
        String old = StripeEvents.signature(body, StripeEvents.PREVIOUS_SECRET, now);
        String both = StripeEvents.signature(body, "whsec_unrelated", now) + ",v1="
                + old.substring(old.indexOf("v1=") + 3);
        assertOk(deliver(body, both), "applied");
        assertEquals(1100, balance(user));
    }

    @Test
    void malformedJsonWithAGoodSignature_is400_andOversizedBodyIs413() {
        String garbage = "{\"id\": \"evt_1\", \"object\": \"event\", ";
        Response r = deliver(garbage);
        assertEquals(400, r.status(), r.body());
        assertEquals("https://coinslot.dev/problems/malformed-event", r.json().getString("type"));
        Response notEvent = deliver("{\"hello\":\"world\"}");
        assertEquals(400, notEvent.status());
        String huge = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
        assertEquals(413, deliver(huge).status());
    }

    @Test
    void sweep_creditsASucceededPaymentWhoseWebhookNeverCame_once() {
        String user = user("swept");
        TopUpOutcome.Started t = startTopUp(user);
        stripe.setPaymentIntentStatus(t.topUp().paymentIntentId(), "succeeded");
        Response first = LambdaApi.scheduled().post("/internal/sweep", "{}", Map.of());
        assertEquals(200, first.status(), first.body());
        assertTrue(first.json().getInt("examined") >= 1);
        assertEquals(1, first.json().getInt("repaired"));
        assertEquals(1100, balance(user));
        assertEquals("SUCCEEDED", status(user, t.topUp().id()));
        Response second = LambdaApi.scheduled().post("/internal/sweep", "{}", Map.of());
        assertEquals(0, second.json().getInt("repaired"));
        assertEquals(1100, balance(user));
        assertOk(deliver(event(newEventId(), "payment_intent.succeeded", succeededPi(t))), "duplicate");
        assertEquals(1100, balance(user));
        assertTrue(stripe.requests("GET", "/v1/payment_intents").stream().allMatch(q -> q.param("created[gte]") != null));
    }

    @Test
    void sweep_throughTheApiGateway_isNotReachable() {
        Response r = LambdaApi.anonymous().post("/internal/sweep", "{}", Map.of());
        assertEquals(404, r.status(), r.body());
        Response other = LambdaApi.as(Wallets.newUser("x")).get("/wallet");
        assertEquals(404, other.status());
    }

    private static List<Response> parallel(int n, java.util.function.IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

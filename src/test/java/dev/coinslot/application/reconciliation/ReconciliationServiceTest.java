package dev.coinslot.application.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.adapter.stripe.StripeEventParser;
import dev.coinslot.adapter.stripe.StripeMetadata;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.port.PaymentGateway.PaymentPurpose;
import dev.coinslot.application.reconciliation.ReconciliationService.Outcome;
import dev.coinslot.config.StripeCredentials;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SavedCard;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpOutcome;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.WalletStatus;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.fakes.Faults.Fault;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ReconciliationService} on the fakes: every card-processor event applied exactly once whatever the duplication
 * or order (credit, failure, refund clawbacks, dispute open and close), and deferred when it comes too early; payments of
 * other deployments or modes ignored, and payments that are not what was sold stuck, crediting nothing.
 */
class ReconciliationServiceTest {

    private static final String USER = "user-webhook";

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    /** A top-up of {@code packId} the customer has paid for, whose webhook has not been handled yet. */
    private Payment paid(String key, String packId) {
        TopUpOutcome.Started started = assertInstanceOf(TopUpOutcome.Started.class, app.topUps.start(USER, key, packId));
        return app.payments.customerPays(started.topUp().paymentIntentId(), "pm_" + key);
    }

    private Outcome handle(PaymentEvent event) {
        return app.reconciliation.handle(event);
    }

    private PaymentEvent.ChargeRefunded refunded(Payment payment, long refundedMinor) {
        return new PaymentEvent.ChargeRefunded(app.nextEventId(), "charge.refunded", payment.paymentIntentId(),
                payment.amount().amountMinor(), refundedMinor);
    }

    private PaymentEvent.DisputeOpened opened(Payment payment, String disputeId) {
        return new PaymentEvent.DisputeOpened(app.nextEventId(), "charge.dispute.created", disputeId, payment.paymentIntentId());
    }

    private PaymentEvent.DisputeClosed closed(Payment payment, String disputeId, Optional<Boolean> won) {
        return new PaymentEvent.DisputeClosed(app.nextEventId(), "charge.dispute.closed", disputeId, payment.paymentIntentId(),
                won);
    }

    private TopUp topUp(Payment payment) {
        return app.table.topUp(USER, payment.topUpId()).orElseThrow();
    }

    private long balance() {
        return app.table.assertConsistent(USER);
    }

    private WalletStatus status() {
        return app.table.wallet(USER).orElseThrow().status();
    }

    private long topUpCredits(Payment payment) {
        return app.table.entries(USER, LedgerEntryType.TOP_UP, "topup:" + payment.topUpId());
    }

    // ---- crediting ------------------------------------------------------------------------------------------------

    @Test
    void succeededPayment_creditsThePackOnce_andSavesTheCard() {
        Payment payment = paid("t1", "plus");
        PaymentEvent.PaymentSucceeded event = app.succeeded(payment);

        assertInstanceOf(Outcome.Applied.class, handle(event));

        assertEquals(1100, balance());
        assertEquals(TopUpStatus.SUCCEEDED, topUp(payment).status());
        assertTrue(app.table.eventMarked(event.eventId()));
        assertEquals(Optional.of(new SavedCard(app.topUpStore.findPaymentCustomer(USER).orElseThrow(), "pm_t1")),
                app.table.wallet(USER).orElseThrow().savedCard());
    }

    @Test
    void sameEventDeliveredTwice_isAlreadyApplied_fromItsMarker() {
        PaymentEvent.PaymentSucceeded event = app.succeeded(paid("t1", "plus"));
        handle(event);
        app.table.faults().resetCounts();

        assertInstanceOf(Outcome.AlreadyApplied.class, handle(event));

        assertEquals(0, app.table.faults().calls("creditTopUp"), "the marker made the redelivery cheap");
        assertEquals(1100, balance());
    }

    @Test
    void secondEventForTheSamePayment_isAlreadyApplied_byTheTopUpGuard_andCreditsNothing() {
        Payment payment = paid("t1", "plus");
        handle(app.succeeded(payment));

        assertInstanceOf(Outcome.AlreadyApplied.class, handle(app.succeeded(payment)));

        assertEquals(1, topUpCredits(payment));
        assertEquals(1100, balance());
    }

    @Test
    void concurrentDeliveriesReadingTheSameUncreditedTopUp_creditOnce() {
        Payment payment = paid("t1", "plus");
        app.table.faults().beforeNext("creditTopUp", 1, () -> handle(app.succeeded(payment)));

        assertInstanceOf(Outcome.AlreadyApplied.class, handle(app.succeeded(payment)));

        assertEquals(1, topUpCredits(payment));
        assertEquals(1100, balance());
    }

    @Test
    void webhookBeforeTheApiRecordedTheTopUp_namingThisDeploymentAndItsPackExactly_creditsFromTheMetadata() {
        String paymentId = app.payments.existingPayment(Money.of(500, "USD"),
                StripeMetadata.of(new PaymentPurpose(app.deployment, USER, "top_early", app.packs.find("starter").orElseThrow())), "succeeded",
                "pm_early");
        Payment payment = app.payments.findCoinslotPayment(paymentId).orElseThrow();

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(payment)));

        assertEquals(500, balance());
        assertEquals(TopUpStatus.SUCCEEDED, app.table.topUp(USER, "top_early").orElseThrow().status());
        assertTrue(app.reconciliationStore.findPayment(paymentId).isPresent(), "later charge events can find it");
    }

    @Test
    void partOfTheAmountReceived_isDeferred_andCreditsNothing() {
        Payment payment = paid("t1", "plus");

        assertInstanceOf(Outcome.Deferred.class, handle(new PaymentEvent.PaymentSucceeded(app.nextEventId(),
                "payment_intent.succeeded", payment, 999)));

        assertEquals(0, balance());
        assertEquals(TopUpStatus.PENDING, topUp(payment).status());
    }

    @Test
    void recordedPaymentInAnotherCurrencyThanItsTopUp_isStuck_notIgnored_markedAndCreditsNothing() {
        Payment usd = paid("t1", "plus");
        Payment eur = new Payment(usd.paymentIntentId(), USER, usd.topUpId(), "plus", Money.of(1000, "EUR"), usd.baseCredits(),
                usd.bonusCredits(), "succeeded", Optional.empty(), usd.deploymentId());
        PaymentEvent.PaymentSucceeded event = app.succeeded(eur);

        // it is this deployment's payment (the one recorded for the top-up) but not what was sold: an operator decides
        assertInstanceOf(Outcome.Stuck.class, handle(event));

        assertTrue(app.table.eventMarked(event.eventId()));
        assertEquals(0, balance());
        assertEquals(TopUpStatus.PENDING, topUp(usd).status());
    }

    @Test
    void walletMovingOnWhileCrediting_isRetried_andKeepsBothChanges() {
        Payment payment = paid("t1", "plus");
        app.table.faults().beforeNext("creditTopUp", 3, () -> app.grant(USER, 1));

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(payment)));

        assertEquals(4, app.table.faults().calls("creditTopUp"));
        assertEquals(1100 + 3, balance());
        assertEquals(1, topUpCredits(payment));
    }

    @Test
    void conflictsOnEveryAttempt_deferTheEvent_unmarked_soTheRedeliveryCredits() {
        Payment payment = paid("t1", "plus");
        PaymentEvent.PaymentSucceeded event = app.succeeded(payment);
        app.table.faults().failNext("creditTopUp", OptimisticRetry.MAX_ATTEMPTS, Fault.CONFLICT);

        assertInstanceOf(Outcome.Deferred.class, handle(event));
        assertFalse(app.table.eventMarked(event.eventId()));
        assertEquals(0, balance());

        assertInstanceOf(Outcome.Applied.class, handle(event));
        assertEquals(1100, balance());
    }

    @Test
    void failedPayment_marksTheTopUpFailed_andALaterSuccessStillCredits() {
        Payment payment = paid("t1", "starter");

        assertInstanceOf(Outcome.Applied.class, handle(new PaymentEvent.PaymentFailed(app.nextEventId(),
                "payment_intent.payment_failed", payment)));
        assertEquals(TopUpStatus.FAILED, topUp(payment).status());

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(payment)));
        assertEquals(TopUpStatus.SUCCEEDED, topUp(payment).status());
        assertEquals(500, balance());
    }

    @Test
    void failureArrivingAfterTheCredit_doesNotUndoIt() {
        Payment payment = paid("t1", "starter");
        handle(app.succeeded(payment));

        assertInstanceOf(Outcome.AlreadyApplied.class, handle(new PaymentEvent.PaymentFailed(app.nextEventId(),
                "payment_intent.canceled", payment)));

        assertEquals(TopUpStatus.SUCCEEDED, topUp(payment).status());
        assertEquals(500, balance());
    }

    // ---- whose payment, and is it what was sold ---------------------------------------------------------------------

    private static final DeploymentId OTHER = new DeploymentId("eu-west-1/coinslot-staging");

    /** A succeeded payment made outside this deployment's API, with {@code metadata} as its creator wrote it. */
    private Payment existing(long amountMinor, Map<String, String> metadata) {
        String id = app.payments.existingPayment(Money.of(amountMinor, "USD"), metadata, "succeeded", "pm_other");
        return app.payments.findCoinslotPayment(id).orElseThrow();
    }

    private Map<String, String> metadata(DeploymentId deployment, String topUpId, String packId) {
        return StripeMetadata.of(new PaymentPurpose(deployment, USER, topUpId, app.packs.find(packId).orElseThrow()));
    }

    /** Asserts the event changed nothing but its marker: no credit, no top-up, no payment lookup. */
    private void assertNothingCredited(PaymentEvent.PaymentSucceeded event, String topUpId) {
        assertTrue(app.table.eventMarked(event.eventId()), "answered once, not redelivered for days");
        assertEquals(0, balance());
        assertEquals(0, app.table.entries(USER, LedgerEntryType.TOP_UP, "topup:" + topUpId));
    }

    @Test
    void paymentOfAnotherDeployment_isIgnored_andWritesNoTopUpNorLookup() {
        Payment foreign = existing(1000, metadata(OTHER, "top_theirs", "plus"));
        PaymentEvent.PaymentSucceeded event = app.succeeded(foreign);

        Outcome.Ignored ignored = assertInstanceOf(Outcome.Ignored.class, handle(event));

        assertEquals("payment of another deployment", ignored.reason());
        assertNothingCredited(event, "top_theirs");
        assertTrue(app.table.topUp(USER, "top_theirs").isEmpty());
        assertTrue(app.reconciliationStore.findPayment(foreign.paymentIntentId()).isEmpty());
    }

    @Test
    void paymentOfAnotherDeployment_namingATopUpThisDeploymentRecorded_isIgnored_andTheRealPaymentStillCredits() {
        Payment ours = paid("t1", "plus");
        Payment theirs = existing(1000, metadata(OTHER, ours.topUpId(), "plus"));
        PaymentEvent.PaymentSucceeded event = app.succeeded(theirs);

        assertInstanceOf(Outcome.Ignored.class, handle(event));
        assertNothingCredited(event, ours.topUpId());
        assertEquals(TopUpStatus.PENDING, topUp(ours).status());

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(ours)));
        assertEquals(1100, balance());
    }

    @Test
    void liveModeEventAtATestModeDeployment_andTheReverse_areIgnored_andCreditNothing() {
        Payment payment = paid("t1", "plus");
        ObjectNode pi = StripeEvents.paymentIntent(payment.paymentIntentId(), USER, payment.topUpId(), "plus", 1000, 1000, 100,
                "succeeded", app.deployment.value());
        String live = StripeEvents.liveEvent("evt_live", "payment_intent.succeeded", pi);
        String test = StripeEvents.event("evt_test", "payment_intent.succeeded", pi);

        PaymentEvent atTestDeployment = parser("sk_test_123").parse(live.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        PaymentEvent atLiveDeployment = parser("rk_live_123").parse(test.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertInstanceOf(Outcome.Ignored.class, handle(atTestDeployment));
        assertInstanceOf(Outcome.Ignored.class, handle(atLiveDeployment));
        assertTrue(app.table.eventMarked("evt_live"));
        assertTrue(app.table.eventMarked("evt_test"));
        assertEquals(0, balance());
        assertEquals(TopUpStatus.PENDING, topUp(payment).status());
        PaymentEvent sameMode = parser("sk_test_123").parse(test.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertInstanceOf(Outcome.Applied.class, handle(new PaymentEvent.PaymentSucceeded("evt_test_2", sameMode.type(),
                ((PaymentEvent.PaymentSucceeded) sameMode).payment(), 1000)), "the same payment in its own mode credits");
        assertEquals(1100, balance());
    }

    /** The webhook's parser with the given Stripe secret key (its mode is the key's). */
    private static StripeEventParser parser(String secretKey) {
        return new StripeEventParser(new ObjectMapper(), new StripeCredentials(Optional.of(secretKey), List.of(), "test"));
    }

    @Test
    void earlyWebhookWithForgedCreditsInItsMetadata_isStuck_andCreditsNothing() {
        Map<String, String> forged = new HashMap<>(metadata(app.deployment, "top_forged", "starter"));
        forged.put(StripeMetadata.BASE, "50000");
        forged.put(StripeMetadata.CREDITS, "50000");
        PaymentEvent.PaymentSucceeded event = app.succeeded(existing(500, forged));

        Outcome.Stuck stuck = assertInstanceOf(Outcome.Stuck.class, handle(event));

        assertEquals("credits 50000+0 are not those of pack starter (500+0)", stuck.reason());
        assertNothingCredited(event, "top_forged");
        assertTrue(app.table.topUp(USER, "top_forged").isEmpty());
    }

    @Test
    void earlyWebhookPayingLessThanThePackItNames_isStuck_andCreditsNothing() {
        PaymentEvent.PaymentSucceeded event = app.succeeded(existing(1, metadata(app.deployment, "top_cheap", "max")));

        assertInstanceOf(Outcome.Stuck.class, handle(event));

        assertNothingCredited(event, "top_cheap");
    }

    @Test
    void earlyWebhookNamingAPackNotConfigured_isStuck_andCreditsNothing() {
        Map<String, String> unknownPack = new HashMap<>(metadata(app.deployment, "top_gone", "plus"));
        unknownPack.put(StripeMetadata.PACK, "mega");
        PaymentEvent.PaymentSucceeded event = app.succeeded(existing(1000, unknownPack));

        assertInstanceOf(Outcome.Stuck.class, handle(event));

        assertNothingCredited(event, "top_gone");
    }

    @Test
    void cheaperPaymentOfThisDeploymentNamingARecordedTopUp_isStuck_andTheRealPaymentStillCreditsOnce() {
        Payment real = paid("t1", "max");
        Payment cheap = existing(1, metadata(app.deployment, real.topUpId(), "max"));
        PaymentEvent.PaymentSucceeded event = app.succeeded(cheap);

        Outcome.Stuck stuck = assertInstanceOf(Outcome.Stuck.class, handle(event));

        assertEquals("payment intent is not the one recorded for the top-up", stuck.reason());
        assertNothingCredited(event, real.topUpId());
        assertEquals(real.paymentIntentId(), topUp(real).paymentIntentId(), "the recorded payment is not replaced");
        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(real)));
        assertEquals(2400, balance());
    }

    @Test
    void failedEventOfAForgedPayment_isIgnored_andDoesNotFailTheRealTopUp() {
        Payment real = paid("t1", "plus");
        Payment forged = existing(1, metadata(app.deployment, real.topUpId(), "plus"));

        assertInstanceOf(Outcome.Ignored.class, handle(new PaymentEvent.PaymentFailed(app.nextEventId(),
                "payment_intent.payment_failed", forged)));

        assertEquals(TopUpStatus.PENDING, topUp(real).status());
    }

    @Test
    void legacyPaymentWithoutDeploymentId_ofARecordedTopUp_isCredited() {
        Payment recorded = paid("t1", "plus");
        Payment legacy = new Payment(recorded.paymentIntentId(), USER, recorded.topUpId(), recorded.packId(), recorded.amount(),
                recorded.baseCredits(), recorded.bonusCredits(), "succeeded", recorded.paymentMethodId(), Optional.empty());

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(legacy)));

        assertEquals(1100, balance());
        assertEquals(TopUpStatus.SUCCEEDED, topUp(recorded).status());
    }

    @Test
    void legacyPaymentWithoutDeploymentId_thatThisDeploymentNeverRecorded_isIgnored() {
        Map<String, String> legacyMetadata = new HashMap<>(metadata(app.deployment, "top_legacy", "plus"));
        legacyMetadata.remove(StripeMetadata.DEPLOYMENT);
        PaymentEvent.PaymentSucceeded event = app.succeeded(existing(1000, legacyMetadata));

        Outcome.Ignored ignored = assertInstanceOf(Outcome.Ignored.class, handle(event));

        assertEquals("payment this deployment did not record", ignored.reason());
        assertNothingCredited(event, "top_legacy");
    }

    // ---- refunds --------------------------------------------------------------------------------------------------

    @Test
    void fullRefund_clawsBackEveryCreditOnce_evenWhenRedelivered() {
        Payment payment = paid("t1", "plus");
        handle(app.succeeded(payment));

        assertInstanceOf(Outcome.Applied.class, handle(refunded(payment, 1000)));
        assertInstanceOf(Outcome.AlreadyApplied.class, handle(refunded(payment, 1000)));

        assertEquals(0, balance());
        assertEquals(TopUpStatus.REFUNDED, topUp(payment).status());
        assertEquals(1, app.table.entries(USER, LedgerEntryType.REFUND_CLAWBACK, "refund:" + payment.topUpId()));
    }

    @Test
    void partialRefunds_clawBackTheirShareOfTheCumulativeAmount_andAnOlderEventLateChangesNothing() {
        Payment payment = paid("t1", "plus");
        handle(app.succeeded(payment));
        PaymentEvent.ChargeRefunded half = refunded(payment, 500);

        assertInstanceOf(Outcome.Applied.class, handle(half));
        assertEquals(550, balance());
        assertEquals(TopUpStatus.SUCCEEDED, topUp(payment).status());

        assertInstanceOf(Outcome.Applied.class, handle(refunded(payment, 1000)));
        assertInstanceOf(Outcome.AlreadyApplied.class, handle(new PaymentEvent.ChargeRefunded(app.nextEventId(),
                "charge.refunded", payment.paymentIntentId(), 1000, 500)));
        assertEquals(0, balance());
        assertEquals(TopUpStatus.REFUNDED, topUp(payment).status());
    }

    @Test
    void refundAfterTheCreditsWereSpent_takesTheWalletBelowZero() {
        Payment payment = paid("t1", "starter");
        handle(app.succeeded(payment));
        assertInstanceOf(CheckoutOutcome.Purchased.class,
                app.checkout.checkout(new CheckoutCommand(USER, "buy", "article-fees", 2, 398)));

        assertInstanceOf(Outcome.Applied.class, handle(refunded(payment, 500)));

        assertEquals(102 - 500, balance());
    }

    @Test
    void refundBeforeTheCredit_isDeferred_thenAppliedAfterIt() {
        Payment payment = paid("t1", "starter");
        PaymentEvent.ChargeRefunded refund = refunded(payment, 500);

        assertInstanceOf(Outcome.Deferred.class, handle(refund));
        handle(app.succeeded(payment));
        assertInstanceOf(Outcome.Applied.class, handle(refund));

        assertEquals(0, balance());
    }

    @Test
    void refundOfAPaymentCoinslotNeverRecorded_isDeferredIfItIsOurs_andIgnoredIfNot() {
        String ours = app.payments.existingPayment(Money.of(500, "USD"), StripeMetadata.of(new PaymentPurpose(app.deployment, USER,
                "top_unrecorded", app.packs.find("starter").orElseThrow())), "succeeded", "pm_x");
        String foreign = app.payments.existingPayment(Money.of(500, "USD"), java.util.Map.of(), "succeeded", "pm_x");

        assertInstanceOf(Outcome.Deferred.class, handle(new PaymentEvent.ChargeRefunded(app.nextEventId(), "charge.refunded",
                ours, 500, 500)));
        assertInstanceOf(Outcome.Ignored.class, handle(new PaymentEvent.ChargeRefunded(app.nextEventId(), "charge.refunded",
                foreign, 500, 500)));
    }

    // ---- disputes -------------------------------------------------------------------------------------------------

    @Test
    void disputeOpened_freezesTheWalletOnce_andWonClose_unfreezesWithoutClawback() {
        Payment payment = paid("t1", "plus");
        handle(app.succeeded(payment));

        assertInstanceOf(Outcome.Applied.class, handle(opened(payment, "dp_1")));
        assertInstanceOf(Outcome.AlreadyApplied.class, handle(opened(payment, "dp_1")));
        assertEquals(WalletStatus.FROZEN, status());
        assertEquals(TopUpStatus.DISPUTED, topUp(payment).status());

        assertInstanceOf(Outcome.Applied.class, handle(closed(payment, "dp_1", Optional.of(true))));
        assertInstanceOf(Outcome.AlreadyApplied.class, handle(closed(payment, "dp_1", Optional.of(true))));
        assertEquals(WalletStatus.ACTIVE, status());
        assertEquals(TopUpStatus.SUCCEEDED, topUp(payment).status());
        assertEquals(1100, balance());
    }

    @Test
    void disputeLost_clawsBackWhatRefundsLeft_once_andUnfreezes() {
        Payment payment = paid("t1", "plus");
        handle(app.succeeded(payment));
        handle(refunded(payment, 500));
        handle(opened(payment, "dp_1"));

        assertInstanceOf(Outcome.Applied.class, handle(closed(payment, "dp_1", Optional.of(false))));
        assertInstanceOf(Outcome.AlreadyApplied.class, handle(closed(payment, "dp_1", Optional.of(false))));

        assertEquals(0, balance());
        assertEquals(1, app.table.entries(USER, LedgerEntryType.DISPUTE_CLAWBACK, "dispute:dp_1"));
        assertEquals(WalletStatus.ACTIVE, status());
        assertEquals(TopUpStatus.DISPUTED, topUp(payment).status());
        assertEquals(Optional.of("dp_1"), topUp(payment).closedDisputeId());
    }

    @Test
    void disputeClosedBeforeItWasOpened_isDeferred_soTheWalletIsNotFrozenForGood() {
        Payment payment = paid("t1", "plus");
        handle(app.succeeded(payment));
        PaymentEvent.DisputeClosed close = closed(payment, "dp_1", Optional.of(true));

        assertInstanceOf(Outcome.Deferred.class, handle(close));
        assertFalse(app.table.eventMarked(close.eventId()));
        assertEquals(WalletStatus.ACTIVE, status());

        assertInstanceOf(Outcome.Applied.class, handle(opened(payment, "dp_1")));
        assertInstanceOf(Outcome.Applied.class, handle(close));
        assertEquals(WalletStatus.ACTIVE, status());
        assertEquals(Set.of(), app.table.openDisputes(USER));
    }

    @Test
    void disputeClosedBeforeThePaymentWasEvenRecorded_isDeferredUnmarked_thenAppliesAfterCreditAndOpen() {
        Payment early = existing(1000, metadata(app.deployment, "top_early", "plus"));
        PaymentEvent.DisputeClosed close = closed(early, "dp_1", Optional.of(true));

        // before the crediting hardening this was Ignored and marked, so the open that came later froze the wallet for good
        assertInstanceOf(Outcome.Deferred.class, handle(close));
        assertFalse(app.table.eventMarked(close.eventId()));

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(early)));
        assertInstanceOf(Outcome.Applied.class, handle(opened(early, "dp_1")));
        assertEquals(WalletStatus.FROZEN, status());
        assertInstanceOf(Outcome.Applied.class, handle(close));
        assertEquals(WalletStatus.ACTIVE, status());
        assertEquals(1100, balance());
    }

    @Test
    void disputeClosedOfAnotherDeploymentsPayment_isIgnored_andMarked() {
        Payment theirs = existing(1000, metadata(OTHER, "top_theirs", "plus"));
        PaymentEvent.DisputeClosed close = closed(theirs, "dp_1", Optional.of(false));

        assertInstanceOf(Outcome.Ignored.class, handle(close));

        assertTrue(app.table.eventMarked(close.eventId()));
        assertTrue(app.table.wallet(USER).isEmpty());
    }

    @Test
    void disputeOpenedBeforeTheCredit_isDeferred_thenTheCreditAndTheDisputeApply() {
        Payment payment = paid("t1", "plus");
        PaymentEvent.DisputeOpened open = opened(payment, "dp_1");

        assertInstanceOf(Outcome.Deferred.class, handle(open));
        assertEquals(TopUpStatus.PENDING, topUp(payment).status(), "not marked DISPUTED, which would look credited");

        assertInstanceOf(Outcome.Applied.class, handle(app.succeeded(payment)));
        assertInstanceOf(Outcome.Applied.class, handle(open));
        assertEquals(1100, balance());
        assertEquals(WalletStatus.FROZEN, status());
    }

    @Test
    void twoOpenDisputes_theWalletStaysFrozenUntilTheLastCloses() {
        Payment first = paid("t1", "plus");
        Payment second = paid("t2", "starter");
        handle(app.succeeded(first));
        handle(app.succeeded(second));
        handle(opened(first, "dp_1"));
        handle(opened(second, "dp_2"));

        handle(closed(first, "dp_1", Optional.of(true)));
        assertEquals(WalletStatus.FROZEN, status());

        handle(closed(second, "dp_2", Optional.empty()));
        assertEquals(WalletStatus.ACTIVE, status());
        assertEquals(1600, balance());
    }

    @Test
    void disputeOpeningWhileAnotherCloses_isReReadAndRetried_andTheWalletStaysFrozen() {
        Payment first = paid("t1", "plus");
        Payment second = paid("t2", "starter");
        handle(app.succeeded(first));
        handle(app.succeeded(second));
        handle(opened(first, "dp_1"));
        app.table.faults().beforeNext("closeDispute", 1, () -> handle(opened(second, "dp_2")));

        assertInstanceOf(Outcome.Applied.class, handle(closed(first, "dp_1", Optional.of(true))));

        assertEquals(2, app.table.faults().calls("closeDispute"), "the first close lost to the new dispute");
        assertEquals(Set.of("dp_2"), app.table.openDisputes(USER));
        assertEquals(WalletStatus.FROZEN, status());
    }

    @Test
    void eventOfATypeNotHandled_isIgnored_andMarked() {
        PaymentEvent.Ignored event = new PaymentEvent.Ignored(app.nextEventId(), "customer.created", "type not handled");

        assertInstanceOf(Outcome.Ignored.class, handle(event));

        assertTrue(app.table.eventMarked(event.eventId()));
    }
}

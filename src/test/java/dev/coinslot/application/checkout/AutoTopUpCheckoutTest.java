package dev.coinslot.application.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.AutoTopUpStore;
import dev.coinslot.application.port.PaymentProviderUnavailableException;
import dev.coinslot.application.reconciliation.ReconciliationService;
import dev.coinslot.application.reconciliation.SweepService;
import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.support.fakes.FakePaymentGateway.Card;
import dev.coinslot.support.fakes.Faults.Fault;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auto top-up state machine of a short checkout ({@link AutoTopUpCheckout} through {@link CheckoutService}): charge
 * the saved card off-session, then credit once and buy; or hand back authentication, count a decline, wait for a
 * processing charge, respect the monthly cap; and after any failure in between, a retry with the same key charges once.
 */
class AutoTopUpCheckoutTest {

    private static final String USER = "user-auto";
    private static final String CARD = "pm_saved";
    /** Three articles: 597 credits against the 500 of the starter top-up, so 97 short; "plus" (1,100 credits) covers it. */
    private static final CheckoutCommand SHORT = new CheckoutCommand(USER, "k1", "article-fees", 3, 597);

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    @BeforeEach
    void savedCardAndAutoTopUpOn() {
        app.autoTopUpOn(USER, CARD, "plus", 5_000);
    }

    private String topUpId(CheckoutCommand command) {
        return AutoTopUpCheckout.topUpId(command.ownerId(), command.idempotencyKey());
    }

    private TopUp topUp(CheckoutCommand command) {
        return app.table.topUp(USER, topUpId(command)).orElseThrow();
    }

    private AutoTopUp setting() {
        return app.table.wallet(USER).orElseThrow().autoTopUp().orElseThrow();
    }

    private long chargedThisMonth() {
        return setting().chargedIn(YearMonth.of(2026, 11));
    }

    /** The top-up was credited exactly once and the card charged exactly once for it. */
    private void assertCreditedOnce(CheckoutCommand command) {
        assertEquals(1, app.table.entries(USER, LedgerEntryType.TOP_UP, "topup:" + topUpId(command)));
        assertEquals(1, app.payments.succeededCharges(topUpId(command)));
        assertEquals(TopUpStatus.SUCCEEDED, topUp(command).status());
    }

    @Test
    void shortBalance_chargesTheSavedCard_creditsOnce_andBuys() {
        CheckoutOutcome.Purchased purchased = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        AutoCharge charge = purchased.autoTopUp().orElseThrow();
        assertEquals("plus", charge.packId());
        assertEquals(Money.of(1000, "USD"), charge.amount());
        assertEquals(500 + 1100 - 597, app.table.assertConsistent(USER));
        assertCreditedOnce(SHORT);
        assertEquals(1000, chargedThisMonth());
    }

    @Test
    void replayOfAnAutoToppedUpPurchase_returnsTheSameCharge_andChargesNothingMore() {
        CheckoutOutcome.Purchased first = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        CheckoutOutcome.Purchased again = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        assertTrue(again.replayed());
        assertEquals(first.autoTopUp(), again.autoTopUp());
        assertEquals(1003, app.table.assertConsistent(USER));
        assertCreditedOnce(SHORT);
    }

    @Test
    void theLaterWebhookOfTheAutoTopUp_isAlreadyApplied() {
        app.checkout.checkout(SHORT);
        Payment payment = app.payments.payments().stream().filter(p -> p.topUpId().equals(topUpId(SHORT))).findFirst()
                .orElseThrow();

        assertInstanceOf(ReconciliationService.Outcome.AlreadyApplied.class, app.reconciliation.handle(app.succeeded(payment)));

        assertEquals(1003, app.table.assertConsistent(USER));
        assertCreditedOnce(SHORT);
    }

    @Test
    void enoughCredits_neverTouchesTheProcessor() {
        assertInstanceOf(CheckoutOutcome.Purchased.class,
                app.checkout.checkout(new CheckoutCommand(USER, "k1", "article-fees", 1, 199)));

        assertEquals(0, app.payments.faults().calls("createOffSessionPayment"));
    }

    @Test
    void cardNeedingAuthentication_answersWithTheClientSecret_thenTheRetryAfterAuthenticationBuys() {
        app.payments.card(CARD, Card.NEEDS_AUTHENTICATION, null);

        CheckoutOutcome.AuthenticationRequired sca = assertInstanceOf(CheckoutOutcome.AuthenticationRequired.class,
                app.checkout.checkout(SHORT));

        assertEquals(topUpId(SHORT), sca.topUpId());
        assertEquals(topUp(SHORT).paymentIntentId(), sca.paymentIntentId());
        assertTrue(sca.clientSecret().startsWith(sca.paymentIntentId()));
        assertEquals(Money.of(1000, "USD"), sca.amount());
        assertEquals(TopUpStatus.PENDING, topUp(SHORT).status());
        assertEquals(500, app.table.assertConsistent(USER));
        assertEquals(1000, chargedThisMonth(), "the charge stays reserved against the cap while the customer authenticates");

        app.payments.customerAuthenticates(sca.paymentIntentId());
        CheckoutOutcome.Purchased purchased = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        assertFalse(purchased.replayed());
        assertEquals(1003, app.table.assertConsistent(USER));
        assertCreditedOnce(SHORT);
        assertEquals(1000, chargedThisMonth());
    }

    @Test
    void declinedCard_isCountedOncePerCheckout_andGivesTheAmountBackToTheCap() {
        app.payments.card(CARD, Card.DECLINES, "insufficient_funds");

        CheckoutOutcome.CardDeclined declined = assertInstanceOf(CheckoutOutcome.CardDeclined.class,
                app.checkout.checkout(SHORT));
        CheckoutOutcome.CardDeclined retried = assertInstanceOf(CheckoutOutcome.CardDeclined.class,
                app.checkout.checkout(SHORT));

        assertEquals(new CheckoutOutcome.CardDeclined(topUpId(SHORT), "insufficient_funds", false), declined);
        assertEquals(declined, retried);
        assertEquals(TopUpStatus.FAILED, topUp(SHORT).status());
        assertEquals(1, setting().consecutiveFailures(), "a retried checkout counts its decline once");
        assertEquals(0, chargedThisMonth());
        assertEquals(500, app.table.assertConsistent(USER));
    }

    @Test
    void declinedAutoTopUpThatSucceedsLater_countsAgainstTheCapAgain_once() {
        app.payments.card(CARD, Card.DECLINES, "insufficient_funds");
        assertInstanceOf(CheckoutOutcome.CardDeclined.class, app.checkout.checkout(SHORT));
        assertEquals(0, chargedThisMonth(), "the decline gave the amount back");
        assertTrue(topUp(SHORT).capReleased());

        // the customer completes the same payment on-session with another card: its webhook credits it
        Payment recovered = app.payments.customerPays(topUp(SHORT).paymentIntentId(), "pm_new");
        assertInstanceOf(ReconciliationService.Outcome.Applied.class, app.reconciliation.handle(app.succeeded(recovered)));
        assertEquals(1000, chargedThisMonth(), "a success after the decline counts against the cap again");

        assertInstanceOf(ReconciliationService.Outcome.AlreadyApplied.class,
                app.reconciliation.handle(app.succeeded(recovered)));
        assertEquals(new SweepService.Report(2, 0, 0, 0), app.sweep.run());
        app.payments.card("pm_new", Card.SUCCEEDS, null);
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT), "the retried checkout buys");

        assertEquals(1000, chargedThisMonth(), "counted once, whatever else saw the success");
        assertCreditedOnce(SHORT);
        assertEquals(500 + 1100 - 597, app.table.assertConsistent(USER));
    }

    @Test
    void declineCountedWhileTheLateSuccessWasBeingCredited_isReReadAndTheCapCountedOnce() {
        app.payments.card(CARD, Card.PROCESSING, null);
        assertEquals(new CheckoutOutcome.AutoTopUpPending(topUpId(SHORT)), app.checkout.checkout(SHORT));
        TopUp pending = topUp(SHORT);
        Payment recovered = app.payments.customerPays(pending.paymentIntentId(), "pm_new");
        app.table.faults().resetCounts();
        // the decline of the same top-up is counted between the credit's read of the top-up and its write
        app.table.faults().beforeNext("creditTopUp", 1, () -> assertInstanceOf(AutoTopUpStore.DeclineWrite.Counted.class,
                app.autoTopUpStore.recordDecline(app.table.wallet(USER).orElseThrow(), pending, "card_declined", 3)));

        assertInstanceOf(ReconciliationService.Outcome.Applied.class, app.reconciliation.handle(app.succeeded(recovered)));

        assertEquals(2, app.table.faults().calls("creditTopUp"), "the first write met the released cap and was decided again");
        assertEquals(1000, chargedThisMonth());
        assertEquals(1, app.table.entries(USER, LedgerEntryType.TOP_UP, "topup:" + topUpId(SHORT)));
    }

    @Test
    void threeDeclinesInARow_switchAutoTopUpOff_andThenAShortCheckoutIsInsufficientCredits() {
        app.payments.card(CARD, Card.DECLINES, "card_declined");
        for (int i = 1; i <= 2; i++) {
            CheckoutOutcome.CardDeclined declined = assertInstanceOf(CheckoutOutcome.CardDeclined.class,
                    app.checkout.checkout(new CheckoutCommand(USER, "k" + i, "article-fees", 3, 597)));
            assertFalse(declined.autoTopUpSwitchedOff());
        }

        CheckoutOutcome.CardDeclined third = assertInstanceOf(CheckoutOutcome.CardDeclined.class,
                app.checkout.checkout(new CheckoutCommand(USER, "k3", "article-fees", 3, 597)));

        assertTrue(third.autoTopUpSwitchedOff());
        assertFalse(setting().enabled());
        assertEquals(Optional.of("3 consecutive declined charges"), setting().disabledReason());
        assertInstanceOf(CheckoutOutcome.InsufficientCredits.class,
                app.checkout.checkout(new CheckoutCommand(USER, "k4", "article-fees", 3, 597)));
        assertEquals(3, app.payments.faults().calls("createOffSessionPayment"), "the fourth never reached the processor");
    }

    /** A checkout of articles just beyond the balance (short by less than one article), so "plus" covers it. */
    private CheckoutOutcome shortCheckout(String key) {
        int quantity = (int) (app.table.assertConsistent(USER) / 199 + 1);
        return app.checkout.checkout(new CheckoutCommand(USER, key, "article-fees", quantity, 199L * quantity));
    }

    @Test
    void successfulAutoTopUp_endsTheRunOfDeclines_soAlternatingDeclinesNeverSwitchItOff() {
        for (int round = 1; round <= 2; round++) {
            app.payments.card(CARD, Card.DECLINES, "insufficient_funds");
            CheckoutOutcome.CardDeclined declined = assertInstanceOf(CheckoutOutcome.CardDeclined.class,
                    shortCheckout("decline-" + round));
            assertFalse(declined.autoTopUpSwitchedOff());
            assertEquals(1, setting().consecutiveFailures(), "one decline since the last success, round " + round);

            app.payments.card(CARD, Card.SUCCEEDS, null); // the same card once funds arrived
            CheckoutOutcome.Purchased bought = assertInstanceOf(CheckoutOutcome.Purchased.class, shortCheckout("ok-" + round));
            assertTrue(bought.autoTopUp().isPresent());
            assertEquals(0, setting().consecutiveFailures(), "the auto top-up's own success ends the run, round " + round);
        }
        app.payments.card(CARD, Card.DECLINES, "insufficient_funds");

        CheckoutOutcome.CardDeclined third = assertInstanceOf(CheckoutOutcome.CardDeclined.class, shortCheckout("decline-3"));

        assertFalse(third.autoTopUpSwitchedOff(), "three declines, but never three in a row");
        assertTrue(setting().enabled());
        assertEquals(1, setting().consecutiveFailures());
        assertEquals(Optional.empty(), setting().disabledReason());
    }

    @Test
    void processorTimeoutAfterConfirming_thenRetryWithTheSameKey_chargesAndCreditsOnce() {
        app.payments.faults().failNext("confirmOffSession", 1, Fault.LOST_RESPONSE);
        assertThrows(PaymentProviderUnavailableException.class, () -> app.checkout.checkout(SHORT));
        assertEquals(500, app.table.assertConsistent(USER));

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        assertEquals(1003, app.table.assertConsistent(USER));
        assertCreditedOnce(SHORT);
        assertEquals(1000, chargedThisMonth(), "reserved once");
    }

    @Test
    void processorTimeoutAfterCreatingThePayment_thenRetry_reusesThatPayment() {
        app.payments.faults().failNext("createOffSessionPayment", 1, Fault.LOST_RESPONSE);
        assertThrows(PaymentProviderUnavailableException.class, () -> app.checkout.checkout(SHORT));
        assertTrue(app.table.topUp(USER, topUpId(SHORT)).isEmpty(), "nothing reserved yet");

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        assertEquals(1, app.payments.payments().stream().filter(p -> p.topUpId().equals(topUpId(SHORT))).count(),
                "the same idempotency key found the same payment");
        assertCreditedOnce(SHORT);
        assertEquals(1003, app.table.assertConsistent(USER));
    }

    @Test
    void processorUnavailableBeforeConfirming_thenRetry_confirmsTheReservedPayment() {
        app.payments.faults().failNext("confirmOffSession", 1, Fault.UNAVAILABLE);
        assertThrows(PaymentProviderUnavailableException.class, () -> app.checkout.checkout(SHORT));
        assertEquals(TopUpStatus.PENDING, topUp(SHORT).status());

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        assertCreditedOnce(SHORT);
        assertEquals(1003, app.table.assertConsistent(USER));
    }

    @Test
    void processingCharge_answersPending_thenOnceSettledTheRetryBuys() {
        app.payments.card(CARD, Card.PROCESSING, null);

        assertEquals(new CheckoutOutcome.AutoTopUpPending(topUpId(SHORT)), app.checkout.checkout(SHORT));
        app.payments.settles(topUp(SHORT).paymentIntentId());

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));
        assertCreditedOnce(SHORT);
    }

    @Test
    void monthlyCap_refusesTheChargeThatWouldCrossIt_withoutCallingTheProcessor_untilNextMonth() {
        app.settings.setAutoTopUp(USER, true, Optional.of("plus"), Optional.of(1_000L));
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));
        app.table.faults().resetCounts();
        CheckoutCommand again = new CheckoutCommand(USER, "k2", "article-fees", 6, 1194);

        CheckoutOutcome.AutoTopUpCapReached cap = assertInstanceOf(CheckoutOutcome.AutoTopUpCapReached.class,
                app.checkout.checkout(again));

        assertEquals(new CheckoutOutcome.AutoTopUpCapReached(Money.of(1000, "USD"), Money.of(1000, "USD"),
                Money.of(1000, "USD"), Instant.parse("2026-12-01T00:00:00Z")), cap);
        assertEquals(1, app.payments.faults().calls("createOffSessionPayment"));
        app.clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(again));
        assertEquals(1000, setting().chargedIn(YearMonth.of(2026, 12)));
    }

    @Test
    void shortfallBeyondTheConfiguredPack_picksTheSmallestPackThatCovers() {
        app.settings.setAutoTopUp(USER, true, Optional.of("starter"), Optional.of(5_000L));

        CheckoutOutcome.Purchased purchased = assertInstanceOf(CheckoutOutcome.Purchased.class,
                app.checkout.checkout(new CheckoutCommand(USER, "k1", "article-fees", 6, 1194)));

        assertEquals("plus", purchased.autoTopUp().orElseThrow().packId(), "starter's 500 credits do not cover 694");
    }

    @Test
    void shortfallNoPackCovers_isInsufficientCredits_withoutCharging() {
        assertInstanceOf(CheckoutOutcome.InsufficientCredits.class,
                app.checkout.checkout(new CheckoutCommand(USER, "k1", "article-fees", 20, 3980)));

        assertEquals(0, app.payments.faults().calls("createOffSessionPayment"));
    }

    @Test
    void paymentsNotConfigured_isInsufficientCredits() {
        app.payments.configured(false);

        assertInstanceOf(CheckoutOutcome.InsufficientCredits.class, app.checkout.checkout(SHORT));
        assertEquals(0, app.payments.faults().calls("createOffSessionPayment"));
    }

    @Test
    void reservationLosingToConcurrentWriters_isRetried_andReservesOnce() {
        app.table.faults().failNext("reserve", 2, Fault.CONFLICT);

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(SHORT));

        assertEquals(3, app.table.faults().calls("reserve"));
        assertEquals(1000, chargedThisMonth());
        assertCreditedOnce(SHORT);
    }

    @Test
    void autoTopUpSwitchedOffWhileReserving_isNotCovered_andTheCreatedPaymentIsNeverConfirmed() {
        app.table.faults().beforeNext("reserve", 1,
                () -> app.wallets.setAutoTopUp(USER, false, "plus", Money.of(5_000, "USD")));

        assertInstanceOf(CheckoutOutcome.InsufficientCredits.class, app.checkout.checkout(SHORT));

        assertEquals(0, app.payments.faults().calls("confirmOffSession"));
        assertEquals(0, app.payments.succeededCharges(topUpId(SHORT)));
        assertEquals(0, chargedThisMonth());
        assertEquals(500, app.table.assertConsistent(USER));
    }

    @Test
    void capTakenByAConcurrentCheckoutWhileReserving_isCapReached() {
        app.settings.setAutoTopUp(USER, true, Optional.of("plus"), Optional.of(1_000L));
        app.table.faults().beforeNext("reserve", 1, () -> app.checkout.checkout(new CheckoutCommand(USER, "other", "article-fees", 3, 597)));

        assertInstanceOf(CheckoutOutcome.AutoTopUpCapReached.class, app.checkout.checkout(SHORT));

        assertEquals(0, app.payments.succeededCharges(topUpId(SHORT)));
        assertEquals(1000, chargedThisMonth(), "only the concurrent checkout's charge counts");
    }
}

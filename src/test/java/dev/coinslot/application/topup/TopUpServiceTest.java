package dev.coinslot.application.topup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentProviderUnavailableException;
import dev.coinslot.application.port.StoreUnavailableException;
import dev.coinslot.application.reconciliation.ReconciliationService;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.TopUpOutcome;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.support.fakes.Faults.Fault;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import dev.coinslot.support.fakes.TestConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TopUpService} on the fakes: one customer per user, one payment per key, whatever failed in between. */
class TopUpServiceTest {

    private static final String USER = "user-topup";

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private TopUpOutcome.Started started(TopUpOutcome outcome) {
        return assertInstanceOf(TopUpOutcome.Started.class, outcome);
    }

    @Test
    void start_createsThePaymentWithItsMetadata_andRecordsThePendingTopUp() {
        TopUpOutcome.Started started = started(app.topUps.start(USER, "k1", "plus"));

        assertFalse(started.replayed());
        assertEquals(TopUpStatus.PENDING, started.topUp().status());
        assertEquals(Money.of(1000, "USD"), started.topUp().amount());
        assertEquals(started.topUp(), app.table.topUp(USER, started.topUp().id()).orElseThrow());
        assertEquals(started.topUp().id(), app.topUpStore.findTopUpIdempotency(USER, "k1").orElseThrow().topUpId());
        assertTrue(started.clientSecret().startsWith(started.topUp().paymentIntentId()));
        Payment atProcessor = app.payments.findCoinslotPayment(started.topUp().paymentIntentId()).orElseThrow();
        assertEquals(USER, atProcessor.ownerId());
        assertEquals(started.topUp().id(), atProcessor.topUpId());
        assertEquals(Credits.of(1100), atProcessor.totalCredits());
        assertTrue(app.reconciliationStore.findPayment(started.topUp().paymentIntentId()).isPresent());
        assertEquals(0, app.table.assertConsistent(USER), "starting a top-up moves no money");
    }

    @Test
    void sameKeyAndPack_replaysTheSameTopUpAndSecret_withoutANewPayment() {
        TopUpOutcome.Started first = started(app.topUps.start(USER, "k1", "plus"));

        TopUpOutcome.Started again = started(app.topUps.start(USER, "k1", "plus"));

        assertTrue(again.replayed());
        assertEquals(first.topUp(), again.topUp());
        assertEquals(first.clientSecret(), again.clientSecret());
        assertEquals(1, app.payments.faults().calls("createPayment"));
    }

    @Test
    void sameKeyOtherPack_isKeyReuse() {
        app.topUps.start(USER, "k1", "plus");

        assertInstanceOf(TopUpOutcome.IdempotencyKeyReused.class, app.topUps.start(USER, "k1", "max"));
        assertEquals(1, app.payments.payments().size());
    }

    @Test
    void keyReusedAfterItsRecordExpired_whileItsTopUpRemains_isKeyReuse() {
        app.topUps.start(USER, "k1", "plus");
        app.clock.advance(Duration.ofHours(49));

        assertInstanceOf(TopUpOutcome.IdempotencyKeyReused.class, app.topUps.start(USER, "k1", "plus"));
        assertEquals(1, app.payments.payments().size());
    }

    @Test
    void unknownPack_isRefused_beforeTheProcessorIsAsked() {
        assertEquals(new TopUpOutcome.UnknownPack("huge"), app.topUps.start(USER, "k1", "huge"));

        assertEquals(0, app.payments.faults().calls());
    }

    @Test
    void noProcessorKey_isPaymentsNotConfigured() {
        app.payments.configured(false);

        assertInstanceOf(TopUpOutcome.PaymentsNotConfigured.class, app.topUps.start(USER, "k1", "plus"));
        assertEquals(0, app.payments.faults().calls("createPayment"));
    }

    @Test
    void secondTopUp_reusesTheLinkedCustomer() {
        app.topUps.start(USER, "k1", "plus");
        String customer = app.topUpStore.findPaymentCustomer(USER).orElseThrow();

        app.topUps.start(USER, "k2", "starter");

        assertEquals(1, app.payments.faults().calls("createCustomer"));
        assertEquals(customer, app.topUpStore.findPaymentCustomer(USER).orElseThrow());
    }

    @Test
    void twoFirstTopUpsRacingToLinkACustomer_endWithOneCustomer() {
        app.table.faults().beforeNext("linkPaymentCustomer", 1, () -> app.topUps.start(USER, "k2", "starter"));

        started(app.topUps.start(USER, "k1", "plus"));

        String linked = app.topUpStore.findPaymentCustomer(USER).orElseThrow();
        assertEquals(2, app.payments.payments().size());
        app.payments.payments().forEach(p -> assertEquals(linked, app.payments.customerOf(p.paymentIntentId())));
    }

    @Test
    void storeUnavailableWhenRecording_thenRetry_recordsTheSamePayment() {
        app.table.faults().failNext("recordTopUp", 1, Fault.UNAVAILABLE);
        assertThrows(StoreUnavailableException.class, () -> app.topUps.start(USER, "k1", "plus"));

        TopUpOutcome.Started retried = started(app.topUps.start(USER, "k1", "plus"));

        assertFalse(retried.replayed());
        assertEquals(1, app.payments.payments().size(), "the derived idempotency key found the first payment");
        assertEquals(app.payments.payments().get(0).paymentIntentId(), retried.topUp().paymentIntentId());
    }

    @Test
    void recordWrittenButResponseLost_thenRetry_replays() {
        app.table.faults().failNext("recordTopUp", 1, Fault.LOST_RESPONSE);
        assertThrows(StoreUnavailableException.class, () -> app.topUps.start(USER, "k1", "plus"));

        assertTrue(started(app.topUps.start(USER, "k1", "plus")).replayed());
        assertEquals(1, app.payments.payments().size());
    }

    /** The record write fails (nothing applied), then the webhook credits the payment from its metadata. */
    private String recordLostThenWebhookCredited(String key, String packId) {
        app.table.faults().failNext("recordTopUp", 1, Fault.UNAVAILABLE);
        assertThrows(StoreUnavailableException.class, () -> app.topUps.start(USER, key, packId));
        assertTrue(app.topUpStore.findTopUpIdempotency(USER, key).isEmpty(), "no record written");
        String paymentId = app.payments.payments().get(0).paymentIntentId();
        Payment paid = app.payments.customerPays(paymentId, "pm_1");
        assertInstanceOf(ReconciliationService.Outcome.Applied.class, app.reconciliation.handle(app.succeeded(paid)));
        return paymentId;
    }

    @Test
    void recordWriteLost_andTheWebhookCreditedThePayment_thenTheIdenticalRetry_replaysTheCreditedTopUp() {
        String paymentId = recordLostThenWebhookCredited("k1", "plus");

        TopUpOutcome.Started retried = started(app.topUps.start(USER, "k1", "plus"));

        assertTrue(retried.replayed());
        assertEquals(paymentId, retried.topUp().paymentIntentId());
        assertEquals(TopUpStatus.SUCCEEDED, retried.topUp().status());
        assertTrue(retried.clientSecret().startsWith(paymentId));
        assertEquals(1, app.payments.payments().size());
        assertEquals(1100, app.table.assertConsistent(USER), "credited once");
        assertTrue(started(app.topUps.start(USER, "k1", "plus")).replayed(), "and so is every later identical retry");
    }

    @Test
    void recordWriteLost_andTheWebhookCreditedThePayment_thenTheSameKeyForAnotherPack_isKeyReuse() {
        recordLostThenWebhookCredited("k1", "plus");

        assertInstanceOf(TopUpOutcome.IdempotencyKeyReused.class, app.topUps.start(USER, "k1", "max"));

        assertEquals(1, app.payments.payments().size());
        assertEquals(1100, app.table.assertConsistent(USER));
    }

    @Test
    void recordWriteLost_andTheWebhookCreditedThePayment_theSameRequestAfterTheKeysLifetime_isKeyReuse() {
        recordLostThenWebhookCredited("k1", "plus");
        app.clock.advance(Duration.ofHours(49));

        assertInstanceOf(TopUpOutcome.IdempotencyKeyReused.class, app.topUps.start(USER, "k1", "plus"));

        assertEquals(1, app.payments.payments().size());
    }

    @Test
    void processorTimeoutCreatingThePayment_thenRetry_createsNoSecondPayment() {
        app.payments.faults().failNext("createPayment", 1, Fault.LOST_RESPONSE);
        assertThrows(PaymentProviderUnavailableException.class, () -> app.topUps.start(USER, "k1", "plus"));

        started(app.topUps.start(USER, "k1", "plus"));

        assertEquals(1, app.payments.payments().size());
    }

    @Test
    void concurrentRequestsUnderOneKey_recordOnce_andTheLoserReplaysTheWinner() {
        app.table.faults().beforeNext("recordTopUp", 1, () -> app.topUps.start(USER, "k1", "plus"));

        TopUpOutcome.Started loser = started(app.topUps.start(USER, "k1", "plus"));

        assertTrue(loser.replayed());
        assertEquals(1, app.payments.payments().size());
    }

    // ---- the hourly cap on starting top-ups (coinslot.topups.max-per-hour) ----------------------------------------

    private static final Instant HOUR = Instant.parse("2026-11-20T12:00:00Z");

    /** A top-up service whose users may start {@code max} top-ups an hour, at 12:10 UTC. */
    private static InMemoryCoinslot cappedAt(int max) {
        InMemoryCoinslot capped = new InMemoryCoinslot(TestConfig.defaults().withMaxTopUpsPerHour(max));
        capped.clock.set(HOUR.plus(Duration.ofMinutes(10)));
        return capped;
    }

    @Test
    void hourlyCap_theTopUpAfterTheCap_isTooManyTopUps_beforeAnyProcessorCall_andWritesNothing() {
        InMemoryCoinslot capped = cappedAt(3);
        for (int i = 1; i <= 3; i++) {
            assertFalse(started(capped.topUps.start(USER, "k" + i, "plus")).replayed());
        }
        capped.payments.faults().resetCounts();

        TopUpOutcome outcome = capped.topUps.start(USER, "k4", "plus");

        assertEquals(new TopUpOutcome.TooManyTopUps(3, HOUR.plus(Duration.ofHours(1)), 3000), outcome);
        assertEquals(0, capped.payments.faults().calls(), "no customer, no PaymentIntent at the processor");
        assertEquals(3, capped.payments.payments().size());
        assertTrue(capped.topUpStore.findTopUpIdempotency(USER, "k4").isEmpty());
        assertTrue(capped.table.topUp(USER, TopUpService.topUpId(USER, "k4")).isEmpty());
        assertEquals(3, capped.table.hourlyTopUpSlots(USER, HOUR).size());
        assertEquals(0, capped.table.assertConsistent(USER));
    }

    @Test
    void hourlyCap_aReplayTakesNoNewSlot_andIsAnsweredEvenWhenTheHourIsFull() {
        InMemoryCoinslot capped = cappedAt(2);
        TopUpOutcome.Started first = started(capped.topUps.start(USER, "k1", "plus"));
        started(capped.topUps.start(USER, "k2", "plus"));
        Set<String> slots = capped.table.hourlyTopUpSlots(USER, HOUR);
        capped.table.faults().resetCounts();

        TopUpOutcome.Started again = started(capped.topUps.start(USER, "k1", "plus"));

        assertTrue(again.replayed());
        assertEquals(first.topUp(), again.topUp());
        assertEquals(0, capped.table.faults().calls("takeHourlyTopUpSlot"), "a replay asks for no slot");
        assertEquals(slots, capped.table.hourlyTopUpSlots(USER, HOUR));
        assertEquals(2, capped.payments.payments().size());
        assertInstanceOf(TopUpOutcome.TooManyTopUps.class, capped.topUps.start(USER, "k3", "plus"));
    }

    @Test
    void hourlyCap_aRetryAfterALostRecordWrite_keepsItsSlot_andCreatesNoSecondPayment() {
        InMemoryCoinslot capped = cappedAt(1);
        capped.table.faults().failNext("recordTopUp", 1, Fault.UNAVAILABLE);
        assertThrows(StoreUnavailableException.class, () -> capped.topUps.start(USER, "k1", "plus"));

        TopUpOutcome.Started retried = started(capped.topUps.start(USER, "k1", "plus"));

        assertEquals(Set.of(retried.topUp().id()), capped.table.hourlyTopUpSlots(USER, HOUR));
        assertEquals(1, capped.payments.payments().size());
        assertInstanceOf(TopUpOutcome.TooManyTopUps.class, capped.topUps.start(USER, "k2", "plus"));
    }

    @Test
    void hourlyCap_theNextClockHour_hasFreshSlots_andOtherUsersTheirOwn() {
        InMemoryCoinslot capped = cappedAt(1);
        started(capped.topUps.start(USER, "k1", "plus"));
        assertInstanceOf(TopUpOutcome.TooManyTopUps.class, capped.topUps.start(USER, "k2", "plus"));
        started(capped.topUps.start("user-other", "k1", "plus"));

        capped.clock.set(HOUR.plus(Duration.ofHours(1)));

        assertFalse(started(capped.topUps.start(USER, "k2", "plus")).replayed());
        assertEquals(3, capped.payments.payments().size());
    }

    @Test
    void hourlyCap_aMinuteBeforeTheHourEnds_retryAfterCountsTheSecondsLeft() {
        InMemoryCoinslot capped = cappedAt(1);
        started(capped.topUps.start(USER, "k1", "plus"));
        capped.clock.set(HOUR.plus(Duration.ofMinutes(59)).plusMillis(500));

        TopUpOutcome.TooManyTopUps refused = assertInstanceOf(TopUpOutcome.TooManyTopUps.class,
                capped.topUps.start(USER, "k2", "plus"));

        assertEquals(60, refused.retryAfterSeconds(), "59.5 s left, rounded up");
    }

    @Test
    void start_inAnotherCurrency_chargesThatCurrencysPrice_andTheSameKeyInAnotherCurrencyIsKeyReuse() {
        TopUpOutcome.Started started = started(app.topUps.start(USER, "k-eur", "plus", java.util.Optional.of("EUR")));

        assertEquals(dev.coinslot.domain.Money.of(950, "EUR"), started.topUp().amount());
        assertEquals(1100, started.topUp().totalCredits().amount());
        assertTrue(started(app.topUps.start(USER, "k-eur", "plus", java.util.Optional.of("EUR"))).replayed());
        assertInstanceOf(TopUpOutcome.IdempotencyKeyReused.class, app.topUps.start(USER, "k-eur", "plus"));
        assertEquals(java.util.List.of("USD", "EUR", "GBP", "JPY"), assertInstanceOf(TopUpOutcome.UnsupportedCurrency.class,
                app.topUps.start(USER, "k-chf", "plus", java.util.Optional.of("CHF"))).supported());
    }

    @Test
    void paidInEuros_isCreditedAsAPaidLotWithItsEuroCostBasis() {
        TopUpOutcome.Started started = started(app.topUps.start(USER, "k-eur", "plus", java.util.Optional.of("EUR")));
        app.reconciliation.handle(app.succeeded(app.payments.customerPays(started.topUp().paymentIntentId(), "pm_1")));

        dev.coinslot.domain.Lot paid = app.table.wallet(USER).orElseThrow().lots().lots().stream()
                .filter(l -> l.kind() == dev.coinslot.domain.LotKind.PAID).findFirst().orElseThrow();
        assertEquals(java.util.Optional.of(dev.coinslot.domain.Money.of(950, "EUR")), paid.cost());
        assertEquals(1000, paid.credits());
    }
}

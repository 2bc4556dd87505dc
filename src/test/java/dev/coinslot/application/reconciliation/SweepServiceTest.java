package dev.coinslot.application.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.stripe.StripeMetadata;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentGateway.PaymentPurpose;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.TopUpOutcome;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SweepService} on the fakes: repairs missed webhooks through the exactly-once credit, reports stuck top-ups. */
class SweepServiceTest {

    private static final String USER = "user-sweep";

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private TopUpOutcome.Started started(String key, String packId) {
        return assertInstanceOf(TopUpOutcome.Started.class, app.topUps.start(USER, key, packId));
    }

    /** A top-up the customer paid for whose webhook never arrived. */
    private Payment paidWithoutWebhook(String key, String packId) {
        return app.payments.customerPays(started(key, packId).topUp().paymentIntentId(), "pm_" + key);
    }

    private long credits(Payment payment) {
        return app.table.entries(USER, LedgerEntryType.TOP_UP, "topup:" + payment.topUpId());
    }

    @Test
    void missedWebhook_isRepaired_andTheLateWebhookThenChangesNothing() {
        Payment payment = paidWithoutWebhook("k1", "plus");

        assertEquals(new SweepService.Report(1, 1, 0, 0), app.sweep.run());
        assertEquals(1100, app.table.assertConsistent(USER));

        assertInstanceOf(ReconciliationService.Outcome.AlreadyApplied.class,
                app.reconciliation.handle(app.succeeded(payment)));
        assertEquals(1100, app.table.assertConsistent(USER));
        assertEquals(1, credits(payment));
    }

    @Test
    void creditedTopUps_areExaminedButNotCreditedAgain_andASecondRunRepairsNothing() {
        app.paidTopUp(USER, "starter", "pm_a");
        paidWithoutWebhook("k2", "plus");
        app.sweep.run();

        assertEquals(new SweepService.Report(2, 0, 0, 0), app.sweep.run());
        assertEquals(1600, app.table.assertConsistent(USER));
    }

    @Test
    void sweepRacingTheWebhook_creditsOnce() {
        Payment payment = paidWithoutWebhook("k1", "plus");
        app.table.faults().beforeNext("creditTopUp", 1, () -> app.reconciliation.handle(app.succeeded(payment)));

        assertEquals(new SweepService.Report(1, 0, 0, 0), app.sweep.run());

        assertEquals(1, credits(payment));
        assertEquals(1100, app.table.assertConsistent(USER));
    }

    @Test
    void unpaidTopUp_isReportedStuckOnlyAfterAnHour() {
        started("k1", "plus");
        app.clock.advance(Duration.ofMinutes(59));
        assertEquals(new SweepService.Report(1, 0, 0, 0), app.sweep.run());

        app.clock.advance(Duration.ofMinutes(2));

        assertEquals(new SweepService.Report(1, 0, 1, 0), app.sweep.run());
        assertEquals(0, app.table.assertConsistent(USER));
    }

    @Test
    void paymentsOlderThanTheWindow_orNotCoinslots_areNotExamined() {
        paidWithoutWebhook("k1", "plus");
        app.clock.advance(SweepService.WINDOW.plusSeconds(1));
        app.payments.existingPayment(Money.of(700, "USD"), Map.of("order", "42"), "succeeded", "pm_other");

        assertEquals(new SweepService.Report(0, 0, 0, 0), app.sweep.run());
        assertEquals(0, app.table.assertConsistent(USER));
    }

    @Test
    void paymentsOfAnotherDeployment_andLegacyOnesThisDeploymentNeverRecorded_areCountedIgnored_notRepaired() {
        app.payments.existingPayment(Money.of(1000, "USD"), StripeMetadata.of(new PaymentPurpose(new DeploymentId("staging"), USER, "top_theirs",
                app.packs.find("plus").orElseThrow())), "succeeded", "pm_theirs");
        Map<String, String> legacy = new HashMap<>(StripeMetadata.of(new PaymentPurpose(app.deployment, USER, "top_legacy",
                app.packs.find("plus").orElseThrow())));
        legacy.remove(StripeMetadata.DEPLOYMENT);
        app.payments.existingPayment(Money.of(1000, "USD"), legacy, "succeeded", "pm_legacy");

        assertEquals(new SweepService.Report(2, 0, 0, 2), app.sweep.run());

        assertEquals(0, app.table.assertConsistent(USER));
        assertTrue(app.table.topUp(USER, "top_theirs").isEmpty());
        assertTrue(app.table.topUp(USER, "top_legacy").isEmpty());
    }

    @Test
    void succeededPaymentOfThisDeploymentInAnotherCurrency_isReportedStuck_notRepaired() {
        app.payments.existingPayment(Money.of(1000, "EUR"), StripeMetadata.of(new PaymentPurpose(app.deployment, USER, "top_eur",
                app.packs.find("plus").orElseThrow())), "succeeded", "pm_eur");

        // before deployment ids this was skipped silently; now a paid payment that is not its pack needs an operator
        assertEquals(new SweepService.Report(1, 0, 1, 0), app.sweep.run());
        assertEquals(0, app.table.assertConsistent(USER));
        assertTrue(app.table.topUp(USER, "top_eur").isEmpty());
    }
}

package dev.coinslot.application.reconciliation;

import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Repairs missed webhooks: lists the last 72 hours of Coinslot card payments from the processor and credits every
 * succeeded one whose top-up is not credited, through the same exactly-once and checked path as the webhook (so it is
 * safe to run concurrently with deliveries). Payments of other deployments are ignored. Reports as stuck the top-ups
 * still PENDING an hour after creation and the succeeded payments that cannot be credited (see
 * {@link ReconciliationService#credit}).
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);
    public static final Duration WINDOW = Duration.ofHours(72);
    public static final Duration STUCK_AFTER = Duration.ofHours(1);

    private final PaymentGateway payments;
    private final ReconciliationStore store;
    private final ReconciliationService reconciliation;
    private final Clock clock;

    public SweepService(PaymentGateway payments, ReconciliationStore store, ReconciliationService reconciliation, Clock clock) {
        this.payments = payments;
        this.store = store;
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    /**
     * Counts of one sweep run: Coinslot payments examined, credits repaired, top-ups stuck (pending for over an hour, or
     * paid but not creditable), and payments ignored (of another deployment, or not recorded by this one).
     */
    public record Report(int examined, int repaired, int stuck, int ignored) {
    }

    public Report run() {
        Instant now = clock.instant();
        int examined = 0;
        int repaired = 0;
        int stuck = 0;
        int ignored = 0;
        for (Payment payment : payments.recentPayments(now.minus(WINDOW))) {
            examined++;
            Optional<TopUp> topUp = store.findTopUp(payment.ownerId(), payment.topUpId());
            if (!reconciliation.ours(payment, topUp)) {
                ignored++;
                LOG.infof("sweep ignored payment=%s deployment=%s reason=\"not this deployment's payment\"",
                        payment.paymentIntentId(), payment.deploymentId().orElse(""));
                continue;
            }
            if ("succeeded".equals(payment.status())) {
                if (topUp.isPresent() && topUp.get().credited()) {
                    continue;
                }
                ReconciliationService.Outcome outcome = reconciliation.credit(payment, payment.amount().amountMinor(),
                        "sweep-" + payment.paymentIntentId(), "sweep.payment_intent.succeeded");
                switch (outcome) {
                    case ReconciliationService.Outcome.Applied a -> {
                        repaired++;
                        LOG.warnf("sweep repaired payment=%s topup=%s wallet=%s", payment.paymentIntentId(), payment.topUpId(),
                                payment.ownerId());
                    }
                    case ReconciliationService.Outcome.Stuck st -> {
                        stuck++;
                        LOG.warnf("sweep stuck payment=%s topup=%s wallet=%s paymentStatus=succeeded reason=\"%s\"",
                                payment.paymentIntentId(), payment.topUpId(), payment.ownerId(), st.reason());
                    }
                    case ReconciliationService.Outcome.Ignored i -> {
                        ignored++;
                        LOG.infof("sweep ignored payment=%s reason=\"%s\"", payment.paymentIntentId(), i.reason());
                    }
                    case ReconciliationService.Outcome.AlreadyApplied a -> {
                    }
                    case ReconciliationService.Outcome.Deferred d -> LOG.infof("sweep deferred payment=%s reason=\"%s\"",
                            payment.paymentIntentId(), d.reason());
                }
            } else if (topUp.isPresent() && topUp.get().status() == TopUpStatus.PENDING
                    && topUp.get().createdAt().isBefore(now.minus(STUCK_AFTER))) {
                stuck++;
                LOG.infof("sweep stuck topup=%s payment=%s paymentStatus=%s since=%s", payment.topUpId(),
                        payment.paymentIntentId(), payment.status(), topUp.get().createdAt());
            }
        }
        Report report = new Report(examined, repaired, stuck, ignored);
        LOG.infof("sweep examined=%d repaired=%d stuck=%d ignored=%d", examined, repaired, stuck, ignored);
        return report;
    }
}

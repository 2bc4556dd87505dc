package dev.coinslot.application.reconciliation;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.application.port.ReconciliationStore.PaymentRef;
import dev.coinslot.application.port.ReconciliationStore.WalletState;
import dev.coinslot.application.port.ReconciliationStore.Write;
import dev.coinslot.application.topup.TopUpCrediting;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies card-processor events to wallets exactly once, whatever the delivery order or duplication: credits a
 * succeeded top-up, marks failures, claws back refunds and lost disputes, freezes and unfreezes disputed wallets.
 * Each write is conditioned on the top-up's own state, so a redelivered or concurrent event finds it already applied.
 */
@ApplicationScoped
public class ReconciliationService {

    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);

    private final ReconciliationStore store;
    private final PaymentGateway payments;
    private final Clock clock;
    private final TopUpCrediting crediting;
    private final DeploymentId deployment;

    public ReconciliationService(ReconciliationStore store, PaymentGateway payments, Clock clock, TopUpCrediting crediting,
            DeploymentId deployment) {
        this.store = store;
        this.payments = payments;
        this.clock = clock;
        this.crediting = crediting;
        this.deployment = deployment;
    }

    /**
     * For a charge event about a payment this deployment has not recorded: if the processor says it is not a Coinslot
     * payment of this deployment, there is nothing to do; if it is one, its credit has not been applied yet, so the event
     * must wait.
     */
    private Outcome unknownPayment(String paymentIntentId) {
        if (paymentIntentId == null) {
            return new Outcome.Ignored("charge without payment intent");
        }
        Optional<Payment> payment = payments.findCoinslotPayment(paymentIntentId);
        if (payment.isEmpty()) {
            return new Outcome.Ignored("not a Coinslot payment");
        }
        return payment.get().deploymentId().filter(deployment::is).isPresent()
                ? new Outcome.Deferred("payment " + paymentIntentId + " not credited yet")
                : new Outcome.Ignored(notOurs(payment.get()));
    }

    /**
     * Whether the payment is this deployment's: it is the PaymentIntent recorded for the top-up it names (whatever
     * deployment id it carries, or none: payments from before deployments had one), or it names this deployment.
     */
    public boolean ours(Payment payment, Optional<TopUp> recorded) {
        return recorded.filter(t -> t.paymentIntentId().equals(payment.paymentIntentId())).isPresent()
                || payment.deploymentId().filter(deployment::is).isPresent();
    }

    private String notOurs(Payment payment) {
        return payment.deploymentId().filter(d -> !deployment.is(d)).map(d -> "payment of another deployment")
                .orElse("payment this deployment did not record");
    }

    /** What handling an event did. {@link Deferred} means "not applied yet, deliver again later". */
    public sealed interface Outcome {
        record Applied(String what) implements Outcome {
        }

        record AlreadyApplied() implements Outcome {
        }

        record Ignored(String reason) implements Outcome {
        }

        record Deferred(String reason) implements Outcome {
        }

        /**
         * A succeeded payment of this deployment that cannot be credited because it does not match what Coinslot sold
         * (its top-up record, or the configured pack). Nothing was credited; an operator decides (see README, Security).
         */
        record Stuck(String reason) implements Outcome {
        }
    }

    public Outcome handle(PaymentEvent event) {
        if (store.eventProcessed(event.eventId())) {
            return new Outcome.AlreadyApplied();
        }
        Outcome outcome = switch (event) {
            case PaymentEvent.PaymentSucceeded s -> credit(s.payment(), s.amountReceivedMinor(), s.eventId(), s.type());
            case PaymentEvent.PaymentFailed f -> fail(f);
            case PaymentEvent.ChargeRefunded r -> refund(r);
            case PaymentEvent.DisputeOpened d -> openDispute(d);
            case PaymentEvent.DisputeClosed d -> closeDispute(d);
            case PaymentEvent.Ignored i -> new Outcome.Ignored(i.reason());
        };
        if (outcome instanceof Outcome.Ignored || outcome instanceof Outcome.AlreadyApplied || outcome instanceof Outcome.Stuck) {
            store.markEventProcessed(event.eventId(), event.type());
        }
        LOG.infof("webhook event=%s type=%s outcome=%s", event.eventId(), event.type(), outcome);
        return outcome;
    }

    /**
     * Credits a succeeded Coinslot payment once through {@link TopUpCrediting} (also used by the sweep). What is credited is never taken
     * from the payment's metadata alone (anyone with access to the processor account can write that):
     * <ul>
     * <li>a payment that is not {@link #ours} is ignored;</li>
     * <li>with a stored top-up, the payment's id, amount and currency must be the top-up's, and the top-up must match its
     * configured pack; the stored credits are credited;</li>
     * <li>without one (the event came before the API recorded it), the payment names this deployment, and its amount,
     * currency and credits must be those of the configured pack it names; the top-up is then built from it;</li>
     * <li>a payment of this deployment that fails these checks is {@link Outcome.Stuck}.</li>
     * </ul>
     */
    public Outcome credit(Payment payment, long amountReceivedMinor, String eventId, String eventType) {
        Optional<TopUp> recorded = store.findTopUp(payment.ownerId(), payment.topUpId());
        if (!ours(payment, recorded)) {
            return new Outcome.Ignored(notOurs(payment));
        }
        if (amountReceivedMinor < payment.amount().amountMinor()) {
            return new Outcome.Deferred("received " + amountReceivedMinor + " of " + payment.amount().amountMinor());
        }
        return switch (crediting.credit(topUpOf(payment, TopUpStatus.SUCCEEDED), recorded, payment.paymentMethodId(),
                new TopUpCrediting.Cause(eventId, eventType))) {
            case TopUpCrediting.Result.Credited c ->
                    new Outcome.Applied("credited " + c.topUp().totalCredits().amount() + " credits for " + c.topUp().id());
            case TopUpCrediting.Result.AlreadyCredited a -> new Outcome.AlreadyApplied();
            case TopUpCrediting.Result.Stuck stuck -> new Outcome.Stuck(stuck.reason());
            case TopUpCrediting.Result.Busy b -> new Outcome.Deferred("wallet too busy");
        };
    }

    /** Marks the top-up FAILED, under the same checks as crediting: a failure moves no money, so mismatches are ignored. */
    private Outcome fail(PaymentEvent.PaymentFailed f) {
        Payment payment = f.payment();
        Optional<TopUp> recorded = store.findTopUp(payment.ownerId(), payment.topUpId());
        if (!ours(payment, recorded)) {
            return new Outcome.Ignored(notOurs(payment));
        }
        TopUp claimed = topUpOf(payment, TopUpStatus.FAILED);
        Optional<String> mismatch = crediting.mismatch(claimed, recorded);
        if (mismatch.isPresent()) {
            return new Outcome.Ignored("not the payment of a Coinslot top-up: " + mismatch.get());
        }
        boolean changed = store.markTopUpFailed(recorded.orElse(claimed), f.eventId(),
                f.type());
        return changed ? new Outcome.Applied("marked " + payment.topUpId() + " FAILED") : new Outcome.AlreadyApplied();
    }

    private Outcome refund(PaymentEvent.ChargeRefunded r) {
        Optional<PaymentRef> ref = store.findPayment(r.paymentIntentId());
        if (ref.isEmpty()) {
            return unknownPayment(r.paymentIntentId());
        }
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            TopUp topUp = store.findTopUp(ref.get().ownerId(), ref.get().topUpId()).orElse(null);
            if (topUp == null || !topUp.credited()) {
                return new Outcome.Deferred("top-up not credited yet");
            }
            Credits target = topUp.clawbackTargetFor(r.amountRefundedMinor());
            if (!topUp.clawedBack().isLessThan(target)) {
                return new Outcome.AlreadyApplied();
            }
            Credits delta = target.minus(topUp.clawedBack());
            TopUpStatus status = target.equals(topUp.totalCredits()) && topUp.status() != TopUpStatus.DISPUTED
                    ? TopUpStatus.REFUNDED : topUp.status();
            WalletState state = readWallet(topUp.ownerId());
            WalletChange change = state.wallet().clawBack(LedgerEntryType.REFUND_CLAWBACK, topUp.id(), delta,
                    "refund:" + topUp.id(), clock.instant());
            Write write = store.clawBack(state, change, topUp, target.amount(), status, Optional.empty(), r.eventId(), r.type());
            switch (write) {
                case Write.Committed c -> {
                    return new Outcome.Applied("clawed back " + delta.amount() + " credits for " + topUp.id());
                }
                case Write.AlreadyApplied a -> {
                    // another delivery or a later refund moved the clawed-back total: recompute from it
                }
                case Write.WalletChanged w -> retry.backOff();
                case Write.Contention c -> retry.backOff();
            }
        }
        return new Outcome.Deferred("wallet too busy");
    }

    private Outcome openDispute(PaymentEvent.DisputeOpened d) {
        Optional<PaymentRef> ref = store.findPayment(d.paymentIntentId());
        if (ref.isEmpty()) {
            return unknownPayment(d.paymentIntentId());
        }
        // A dispute can only follow a successful charge; if its credit is not applied yet, marking the top-up DISPUTED
        // now would make it look credited, so the credit would never be applied and refunds would claw back nothing real.
        Optional<TopUp> topUp = store.findTopUp(ref.get().ownerId(), ref.get().topUpId());
        if (topUp.isEmpty() || !topUp.get().credited()) {
            return new Outcome.Deferred("top-up not credited yet");
        }
        Write write = store.openDispute(ref.get().ownerId(), ref.get().topUpId(), d.disputeId(), d.eventId(), d.type());
        return write instanceof Write.Committed ? new Outcome.Applied("froze wallet for dispute " + d.disputeId())
                : new Outcome.AlreadyApplied();
    }

    private Outcome closeDispute(PaymentEvent.DisputeClosed d) {
        Optional<PaymentRef> ref = store.findPayment(d.paymentIntentId());
        if (ref.isEmpty()) {
            // like the open: marking the close processed now would leave the wallet frozen once the open applies
            return unknownPayment(d.paymentIntentId());
        }
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            WalletState state = readWallet(ref.get().ownerId());
            TopUp topUp = store.findTopUp(ref.get().ownerId(), ref.get().topUpId()).orElseThrow(
                    () -> new IllegalStateException("payment lookup without top-up " + ref.get().topUpId()));
            if (!state.openDisputes().contains(d.disputeId())) {
                // Stripe does not deliver in order: a close that arrives before its open must wait for it, or the
                // open, applied later, would freeze the wallet for good.
                return topUp.closedDisputeId().filter(d.disputeId()::equals).isPresent() ? new Outcome.AlreadyApplied()
                        : new Outcome.Deferred("dispute " + d.disputeId() + " not opened yet");
            }
            boolean lost = d.won().isPresent() && !d.won().get();
            Credits remaining = topUp.totalCredits().minus(topUp.clawedBack());
            Write write;
            if (lost && remaining.isPositive()) {
                WalletChange change = state.wallet().clawBack(LedgerEntryType.DISPUTE_CLAWBACK, topUp.id(), remaining,
                        "dispute:" + d.disputeId(), clock.instant());
                write = store.clawBack(state, change, topUp, topUp.totalCredits().amount(), TopUpStatus.DISPUTED,
                        Optional.of(d.disputeId()), d.eventId(), d.type());
            } else {
                TopUpStatus status = lost ? TopUpStatus.DISPUTED
                        : remaining.isPositive() ? TopUpStatus.SUCCEEDED : TopUpStatus.REFUNDED;
                write = store.closeDispute(state, topUp, d.disputeId(), status, d.eventId(), d.type());
            }
            switch (write) {
                case Write.Committed c -> {
                    return new Outcome.Applied("closed dispute " + d.disputeId() + " won=" + d.won().orElse(null));
                }
                case Write.AlreadyApplied a -> {
                }
                case Write.WalletChanged w -> retry.backOff();
                case Write.Contention c -> retry.backOff();
            }
        }
        return new Outcome.Deferred("wallet too busy");
    }

    private WalletState readWallet(String ownerId) {
        return store.findWalletState(ownerId).orElseGet(() -> new WalletState(Wallet.empty(ownerId), Set.of()));
    }

    private TopUp topUpOf(Payment p, TopUpStatus status) {
        return new TopUp(p.topUpId(), p.ownerId(), p.packId(), p.amount(), p.baseCredits(), p.bonusCredits(), status,
                p.paymentIntentId(), clock.instant());
    }
}

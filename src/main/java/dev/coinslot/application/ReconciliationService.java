package dev.coinslot.application;

import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.application.port.ReconciliationStore.PaymentRef;
import dev.coinslot.application.port.ReconciliationStore.WalletState;
import dev.coinslot.application.port.ReconciliationStore.Write;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
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
    private static final int MAX_ATTEMPTS = 20;

    private final ReconciliationStore store;
    private final PaymentGateway payments;
    private final Clock clock;
    private final String currency;

    public ReconciliationService(ReconciliationStore store, PaymentGateway payments, Clock clock, CoinslotConfig config) {
        this.store = store;
        this.payments = payments;
        this.clock = clock;
        this.currency = config.currency();
    }

    /**
     * For a charge event about a payment Coinslot has not recorded: if the processor says it is not a Coinslot payment,
     * there is nothing to do; if it is one, its credit has not been applied yet, so the event must wait.
     */
    private Outcome unknownPayment(String paymentIntentId) {
        if (paymentIntentId == null) {
            return new Outcome.Ignored("charge without payment intent");
        }
        return payments.findCoinslotPayment(paymentIntentId).isPresent()
                ? new Outcome.Deferred("payment " + paymentIntentId + " not credited yet")
                : new Outcome.Ignored("not a Coinslot payment");
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
        if (outcome instanceof Outcome.Ignored || outcome instanceof Outcome.AlreadyApplied) {
            store.markEventProcessed(event.eventId(), event.type());
        }
        LOG.infof("webhook event=%s type=%s outcome=%s", event.eventId(), event.type(), outcome);
        return outcome;
    }

    /**
     * Credits a succeeded Coinslot payment once (also used by the sweep). Builds the top-up from the payment's own
     * metadata when the API has not recorded it yet.
     */
    public Outcome credit(Payment payment, long amountReceivedMinor, String eventId, String eventType) {
        if (!payment.amount().currency().equals(currency)) {
            return new Outcome.Ignored("currency " + payment.amount().currency() + " is not this deployment's " + currency);
        }
        if (amountReceivedMinor < payment.amount().amountMinor()) {
            return new Outcome.Deferred("received " + amountReceivedMinor + " of " + payment.amount().amountMinor());
        }
        TopUp fromMetadata = topUpOf(payment, TopUpStatus.SUCCEEDED);
        Optional<TopUp> recorded = store.findTopUp(payment.ownerId(), payment.topUpId());
        if (recorded.isPresent() && recorded.get().credited()) {
            return new Outcome.AlreadyApplied();
        }
        TopUp topUp = recorded.orElse(fromMetadata);
        Wallet wallet = readWallet(payment.ownerId()).wallet();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            LedgerEntry entry = LedgerEntry.next(wallet, LedgerEntryType.TOP_UP, topUp.totalCredits(), "topup:" + topUp.id(),
                    clock.instant());
            Write write = store.creditTopUp(wallet, entry, topUp, payment.paymentMethodId(), eventId, eventType);
            switch (write) {
                case Write.Committed c -> {
                    return new Outcome.Applied("credited " + topUp.totalCredits().amount() + " credits for " + topUp.id());
                }
                case Write.AlreadyApplied a -> {
                    return new Outcome.AlreadyApplied();
                }
                case Write.WalletChanged w -> wallet = readWallet(payment.ownerId()).wallet();
                case Write.Contention c -> {
                    Backoff.pause(attempt);
                    wallet = readWallet(payment.ownerId()).wallet();
                }
            }
        }
        return new Outcome.Deferred("wallet too busy");
    }

    private Outcome fail(PaymentEvent.PaymentFailed f) {
        if (!f.payment().amount().currency().equals(currency)) {
            return new Outcome.Ignored("foreign currency");
        }
        boolean changed = store.markTopUpFailed(topUpOf(f.payment(), TopUpStatus.FAILED), f.eventId(), f.type());
        return changed ? new Outcome.Applied("marked " + f.payment().topUpId() + " FAILED") : new Outcome.AlreadyApplied();
    }

    private Outcome refund(PaymentEvent.ChargeRefunded r) {
        Optional<PaymentRef> ref = store.findPayment(r.paymentIntentId());
        if (ref.isEmpty()) {
            return unknownPayment(r.paymentIntentId());
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
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
            LedgerEntry entry = LedgerEntry.next(state.wallet(), LedgerEntryType.REFUND_CLAWBACK, delta.negate(),
                    "refund:" + topUp.id(), clock.instant());
            Write write = store.clawBack(state, entry, topUp, target.amount(), status, Optional.empty(), r.eventId(), r.type());
            switch (write) {
                case Write.Committed c -> {
                    return new Outcome.Applied("clawed back " + delta.amount() + " credits for " + topUp.id());
                }
                case Write.AlreadyApplied a -> {
                    // another delivery or a later refund moved the clawed-back total: recompute from it
                }
                case Write.WalletChanged w -> {
                }
                case Write.Contention c -> Backoff.pause(attempt);
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
            return new Outcome.Ignored("dispute of a payment Coinslot does not know");
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
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
                LedgerEntry entry = LedgerEntry.next(state.wallet(), LedgerEntryType.DISPUTE_CLAWBACK, remaining.negate(),
                        "dispute:" + d.disputeId(), clock.instant());
                write = store.clawBack(state, entry, topUp, topUp.totalCredits().amount(), TopUpStatus.DISPUTED,
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
                case Write.WalletChanged w -> {
                }
                case Write.Contention c -> Backoff.pause(attempt);
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

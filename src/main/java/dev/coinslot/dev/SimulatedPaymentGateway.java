package dev.coinslot.dev;

import dev.coinslot.adapter.stripe.StripeEventParser;
import dev.coinslot.adapter.stripe.StripeMetadata;
import dev.coinslot.adapter.stripe.StripePaymentGateway;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.PaymentProviderRejectedException;
import dev.coinslot.config.StripeConfig;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SavedCard;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Dev mode only: the {@link PaymentGateway} of dev builds. With {@code STRIPE_SECRET_KEY} set it is Stripe
 * ({@link StripePaymentGateway}, unchanged); without one it is the {@link PaymentsSimulator}, so top-ups and auto
 * top-ups work on a machine with no Stripe account instead of answering 503 payments-not-configured.
 */
@IfBuildProfile("dev")
@Alternative
@Priority(1)
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    private static final Logger LOG = Logger.getLogger(SimulatedPaymentGateway.class);

    private final StripePaymentGateway stripe;
    private final PaymentsSimulator simulator;
    private final boolean useStripe;

    public SimulatedPaymentGateway(StripePaymentGateway stripe, PaymentsSimulator simulator, StripeConfig config) {
        this.stripe = stripe;
        this.simulator = simulator;
        this.useStripe = config.key().isPresent();
        LOG.infof("dev payments: %s", useStripe ? "Stripe (STRIPE_SECRET_KEY is set)"
                : "payments simulator (no STRIPE_SECRET_KEY; test cards 4242 4242 4242 4242 and friends)");
    }

    /** True when dev mode takes payments through the simulator. */
    public boolean simulated() {
        return !useStripe;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String createCustomer(String ownerId, String idempotencyKey) {
        return useStripe ? stripe.createCustomer(ownerId, idempotencyKey) : simulator.createCustomer(ownerId, idempotencyKey);
    }

    @Override
    public CardPayment createPayment(Money amount, String customerId, PaymentPurpose purpose, String idempotencyKey) {
        if (useStripe) {
            return stripe.createPayment(amount, customerId, purpose, idempotencyKey);
        }
        PaymentsSimulator.Intent i = simulator.createIntent(amount.amountMinor(), amount.currency().toLowerCase(Locale.ROOT),
                customerId, StripeMetadata.of(purpose), true, null, idempotencyKey);
        return new CardPayment(i.id, i.clientSecret, i.status);
    }

    @Override
    public Optional<Payment> findCoinslotPayment(String paymentId) {
        if (useStripe) {
            return stripe.findCoinslotPayment(paymentId);
        }
        return simulator.intent(paymentId).flatMap(SimulatedPaymentGateway::payment);
    }

    @Override
    public CardPayment retrievePayment(String paymentId) {
        if (useStripe) {
            return stripe.retrievePayment(paymentId);
        }
        PaymentsSimulator.Intent i = intent(paymentId);
        return new CardPayment(i.id, i.clientSecret, i.status);
    }

    @Override
    public List<Payment> recentPayments(Instant since) {
        if (useStripe) {
            return stripe.recentPayments(since);
        }
        List<Payment> payments = new ArrayList<>();
        simulator.intentsSince(since).forEach(i -> payment(i).ifPresent(payments::add));
        return payments;
    }

    @Override
    public ChargeState createOffSessionPayment(Money amount, SavedCard card, PaymentPurpose purpose, String idempotencyKey) {
        if (useStripe) {
            return stripe.createOffSessionPayment(amount, card, purpose, idempotencyKey);
        }
        return state(simulator.createIntent(amount.amountMinor(), amount.currency().toLowerCase(Locale.ROOT), card.customerId(),
                StripeMetadata.of(purpose), false, card.paymentMethodId(), idempotencyKey));
    }

    @Override
    public ChargeState confirmOffSession(String paymentId, SavedCard card, String idempotencyKey) {
        if (useStripe) {
            return stripe.confirmOffSession(paymentId, card, idempotencyKey);
        }
        try {
            return state(simulator.confirmOffSession(paymentId, card.paymentMethodId(), idempotencyKey));
        } catch (IllegalArgumentException unknown) {
            throw new PaymentProviderRejectedException("payments simulator: " + unknown.getMessage(), null);
        }
    }

    @Override
    public ChargeState chargeState(String paymentId) {
        return useStripe ? stripe.chargeState(paymentId) : state(intent(paymentId));
    }

    private PaymentsSimulator.Intent intent(String paymentId) {
        return simulator.intent(paymentId).orElseThrow(
                () -> new PaymentProviderRejectedException("payments simulator: no such payment intent " + paymentId, null));
    }

    /** Same mapping as Stripe's adapter: the status and the last error's decline code. */
    private static ChargeState state(PaymentsSimulator.Intent i) {
        Map<String, String> error = i.lastError;
        String code = error == null ? null : error.getOrDefault("decline_code", error.get("code"));
        ChargeStatus status = switch (i.status) {
            case "succeeded" -> ChargeStatus.SUCCEEDED;
            case "requires_confirmation" -> ChargeStatus.NEEDS_CONFIRMATION;
            case "requires_action" -> ChargeStatus.NEEDS_AUTHENTICATION;
            case "requires_payment_method" -> error == null ? ChargeStatus.NEEDS_CONFIRMATION
                    : "authentication_required".equals(error.get("code")) ? ChargeStatus.NEEDS_AUTHENTICATION
                    : ChargeStatus.DECLINED;
            case "canceled" -> ChargeStatus.DECLINED;
            default -> ChargeStatus.PROCESSING;
        };
        return new ChargeState(i.id, status, i.clientSecret, code);
    }

    private static Optional<Payment> payment(PaymentsSimulator.Intent i) {
        return StripeEventParser.payment(i.id, i.amount, i.currency, i.status, i.paymentMethod, i.metadata);
    }
}

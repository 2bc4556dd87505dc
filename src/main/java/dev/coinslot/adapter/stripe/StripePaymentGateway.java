package dev.coinslot.adapter.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import dev.coinslot.application.PaymentEvent.Payment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.PaymentProviderRejectedException;
import dev.coinslot.application.port.PaymentProviderUnavailableException;
import dev.coinslot.config.StripeCredentials;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SavedCard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Locale;
import org.jboss.logging.Logger;

/** {@link PaymentGateway} on Stripe's API through the application's {@link StripeClient}. */
@ApplicationScoped
public class StripePaymentGateway implements PaymentGateway {

    private static final Logger LOG = Logger.getLogger(StripePaymentGateway.class);

    private final Instance<StripeClient> client;
    private final boolean configured;

    public StripePaymentGateway(Instance<StripeClient> client, StripeCredentials credentials) {
        this.client = client;
        this.configured = credentials.apiKey().isPresent();
    }

    @Override
    public boolean configured() {
        return configured;
    }

    @Override
    public String createCustomer(String ownerId, String idempotencyKey) {
        CustomerCreateParams params = CustomerCreateParams.builder().putMetadata(StripeMetadata.USER, ownerId).build();
        Customer customer = call("customer.create", () -> client.get().v1().customers().create(params, options(idempotencyKey)));
        return customer.getId();
    }

    @Override
    public CardPayment createPayment(Money amount, String customerId, PaymentPurpose purpose, String idempotencyKey) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(amount.amountMinor())
                .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                .setCustomer(customerId)
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
                .setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION)
                .putAllMetadata(StripeMetadata.of(purpose))
                .build();
        PaymentIntent intent = call("payment_intent.create",
                () -> client.get().v1().paymentIntents().create(params, options(idempotencyKey)));
        return new CardPayment(intent.getId(), intent.getClientSecret(), intent.getStatus());
    }

    @Override
    public ChargeState createOffSessionPayment(Money amount, SavedCard card, PaymentPurpose purpose, String idempotencyKey) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(amount.amountMinor())
                .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                .setCustomer(card.customerId())
                .setPaymentMethod(card.paymentMethodId())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER).build())
                .putAllMetadata(StripeMetadata.of(purpose))
                .build();
        return chargeState(call("payment_intent.create",
                () -> client.get().v1().paymentIntents().create(params, options(idempotencyKey))));
    }

    @Override
    public ChargeState confirmOffSession(String paymentId, SavedCard card, String idempotencyKey) {
        PaymentIntentConfirmParams params = PaymentIntentConfirmParams.builder()
                .setPaymentMethod(card.paymentMethodId())
                .setOffSession(true)
                .build();
        try {
            return chargeState(client.get().v1().paymentIntents().confirm(paymentId, params, options(idempotencyKey)));
        } catch (CardException declined) {
            // Off-session failures come back as a 402 card error carrying the payment intent.
            PaymentIntent intent = declined.getStripeError() == null ? null : declined.getStripeError().getPaymentIntent();
            String secret = intent == null ? null : intent.getClientSecret();
            LOG.infof("stripe op=payment_intent.confirm outcome=card_error code=%s declineCode=%s requestId=%s",
                    declined.getCode(), declined.getDeclineCode(), declined.getRequestId());
            if ("authentication_required".equals(declined.getCode())) {
                return new ChargeState(paymentId, ChargeStatus.NEEDS_AUTHENTICATION,
                        secret != null ? secret : retrievePayment(paymentId).clientSecret(), declined.getCode());
            }
            return new ChargeState(paymentId, ChargeStatus.DECLINED, secret,
                    declined.getDeclineCode() != null ? declined.getDeclineCode() : declined.getCode());
        } catch (StripeException e) {
            return call("payment_intent.confirm", () -> {
                throw e;
            });
        }
    }

    @Override
    public ChargeState chargeState(String paymentId) {
        return chargeState(call("payment_intent.retrieve", () -> client.get().v1().paymentIntents().retrieve(paymentId)));
    }

    /** Where a payment intent stands, for an off-session charge. */
    static ChargeState chargeState(PaymentIntent intent) {
        StripeError last = intent.getLastPaymentError();
        String lastCode = last == null ? null : last.getDeclineCode() != null ? last.getDeclineCode() : last.getCode();
        ChargeStatus status = switch (String.valueOf(intent.getStatus())) {
            case "succeeded" -> ChargeStatus.SUCCEEDED;
            case "requires_confirmation" -> ChargeStatus.NEEDS_CONFIRMATION;
            case "requires_action" -> ChargeStatus.NEEDS_AUTHENTICATION;
            case "requires_payment_method" -> last == null ? ChargeStatus.NEEDS_CONFIRMATION
                    : "authentication_required".equals(last.getCode()) ? ChargeStatus.NEEDS_AUTHENTICATION
                    : ChargeStatus.DECLINED;
            case "canceled" -> ChargeStatus.DECLINED;
            default -> ChargeStatus.PROCESSING;
        };
        String failure = status == ChargeStatus.DECLINED && lastCode == null ? intent.getStatus() : lastCode;
        return new ChargeState(intent.getId(), status, intent.getClientSecret(), failure);
    }

    @Override
    public CardPayment retrievePayment(String paymentId) {
        PaymentIntent intent = call("payment_intent.retrieve", () -> client.get().v1().paymentIntents().retrieve(paymentId));
        return new CardPayment(intent.getId(), intent.getClientSecret(), intent.getStatus());
    }

    @Override
    public java.util.Optional<Payment> findCoinslotPayment(String paymentId) {
        PaymentIntent pi;
        try {
            pi = client.get().v1().paymentIntents().retrieve(paymentId);
        } catch (com.stripe.exception.InvalidRequestException notFound) {
            if (Integer.valueOf(404).equals(notFound.getStatusCode())) {
                return java.util.Optional.empty();
            }
            return call("payment_intent.retrieve", () -> {
                throw notFound;
            });
        } catch (StripeException e) {
            return call("payment_intent.retrieve", () -> {
                throw e;
            });
        }
        try {
            return StripeEventParser.payment(pi.getId(), pi.getAmount(), pi.getCurrency(), pi.getStatus(), pi.getPaymentMethod(),
                    pi.getMetadata());
        } catch (IllegalArgumentException badMetadata) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public List<Payment> recentPayments(Instant since) {
        PaymentIntentListParams params = PaymentIntentListParams.builder()
                .setCreated(PaymentIntentListParams.Created.builder().setGte(since.getEpochSecond()).build())
                .setLimit(100L)
                .build();
        List<Payment> payments = new ArrayList<>();
        call("payment_intent.list", () -> {
            for (PaymentIntent pi : client.get().v1().paymentIntents().list(params).autoPagingIterable()) {
                try {
                    StripeEventParser.payment(pi.getId(), pi.getAmount(), pi.getCurrency(), pi.getStatus(), pi.getPaymentMethod(),
                    pi.getMetadata())
                            .ifPresent(payments::add);
                } catch (IllegalArgumentException badMetadata) {
                    LOG.warnf("sweep skipped payment=%s: %s", pi.getId(), badMetadata.getMessage());
                }
            }
            return payments;
        });
        return payments;
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    interface StripeCall<T> {
        T run() throws StripeException;
    }

    /** Runs a Stripe call, translating its failures; logs codes and request ids, never keys or client secrets. */
    static <T> T call(String operation, StripeCall<T> call) {
        try {
            return call.run();
        } catch (RateLimitException | ApiConnectionException e) {
            LOG.warnf("stripe op=%s outcome=unavailable error=%s requestId=%s", operation, e.getClass().getSimpleName(),
                    e.getRequestId());
            throw new PaymentProviderUnavailableException("Stripe unavailable: " + e.getClass().getSimpleName(), e);
        } catch (StripeException e) {
            Integer status = e.getStatusCode();
            String code = e.getStripeError() == null ? null : e.getStripeError().getType();
            if (status == null || status >= 500) {
                LOG.warnf("stripe op=%s outcome=unavailable status=%s type=%s requestId=%s", operation, status, code,
                        e.getRequestId());
                throw new PaymentProviderUnavailableException("Stripe error status " + status, e);
            }
            LOG.errorf("stripe op=%s outcome=rejected status=%s type=%s code=%s requestId=%s", operation, status, code,
                    e.getCode(), e.getRequestId());
            throw new PaymentProviderRejectedException("Stripe rejected " + operation + " with status " + status + " type " + code,
                    null);
        }
    }
}

package dev.coinslot.support.fakes;

import dev.coinslot.adapter.stripe.StripeMetadata;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.PaymentProviderRejectedException;
import dev.coinslot.application.port.PaymentProviderUnavailableException;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SavedCard;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The card processor in memory, with the Stripe behaviour {@code StripePaymentGateway} relies on: a repeated
 * idempotency key returns the first answer (a different request under it is rejected), off-session payments are created
 * unconfirmed and confirmed against the saved card's behaviour (succeeds, needs authentication, declines, processing),
 * payment states map onto {@link ChargeStatus} as the adapter maps Stripe's. Tests play the customer
 * ({@link #customerPays}, {@link #customerAuthenticates}) and arm faults by operation name.
 */
public final class FakePaymentGateway implements PaymentGateway {

    /** How a saved card answers an off-session confirmation. */
    public enum Card {
        SUCCEEDS, NEEDS_AUTHENTICATION, DECLINES, PROCESSING
    }

    /** One payment intent as Stripe holds it. */
    private static final class Intent {
        final String id;
        final Money amount;
        final String customerId;
        final Map<String, String> metadata;
        final String clientSecret;
        final Instant created;
        String paymentMethod;
        String status;
        String lastErrorCode;

        Intent(String id, Money amount, String customerId, String paymentMethod, Map<String, String> metadata, String status,
                Instant created) {
            this.id = id;
            this.amount = amount;
            this.customerId = customerId;
            this.paymentMethod = paymentMethod;
            this.metadata = Map.copyOf(metadata);
            this.status = status;
            this.clientSecret = id + "_secret_fake";
            this.created = created;
        }
    }

    private record Answer(String request, Object value) {
    }

    private final Clock clock;
    private final Faults faults = new Faults();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Answer> byIdempotencyKey = new HashMap<>();
    private final Map<String, Card> cards = new HashMap<>();
    private final Map<String, String> declineCodes = new HashMap<>();
    private boolean configured = true;
    private int sequence;

    public FakePaymentGateway(Clock clock) {
        this.clock = clock;
    }

    public Faults faults() {
        return faults;
    }

    public synchronized FakePaymentGateway configured(boolean configured) {
        this.configured = configured;
        return this;
    }

    /** How the saved card {@code paymentMethodId} answers off-session; {@code declineCode} for {@link Card#DECLINES}. */
    public synchronized FakePaymentGateway card(String paymentMethodId, Card behaviour, String declineCode) {
        cards.put(paymentMethodId, behaviour);
        declineCodes.put(paymentMethodId, declineCode);
        return this;
    }

    @Override
    public synchronized boolean configured() {
        return configured;
    }

    @Override
    public synchronized String createCustomer(String ownerId, String idempotencyKey) {
        return call("createCustomer", () -> idempotent(idempotencyKey, "customer " + ownerId, () -> "cus_fake_" + (++sequence)));
    }

    @Override
    public synchronized CardPayment createPayment(Money amount, String customerId, PaymentPurpose purpose,
            String idempotencyKey) {
        Map<String, String> metadata = StripeMetadata.of(purpose);
        return call("createPayment", () -> idempotent(idempotencyKey, "payment " + amount + customerId + metadata,
                () -> cardPayment(create(amount, customerId, null, metadata, "requires_payment_method"))));
    }

    @Override
    public synchronized ChargeState createOffSessionPayment(Money amount, SavedCard card, PaymentPurpose purpose,
            String idempotencyKey) {
        Map<String, String> metadata = StripeMetadata.of(purpose);
        return call("createOffSessionPayment", () -> idempotent(idempotencyKey, "off-session " + amount + card + metadata,
                () -> chargeState(create(amount, card.customerId(), card.paymentMethodId(), metadata, "requires_confirmation"))));
    }

    @Override
    public synchronized ChargeState confirmOffSession(String paymentId, SavedCard card, String idempotencyKey) {
        return call("confirmOffSession", () -> idempotent(idempotencyKey, "confirm " + paymentId + card, () -> {
            Intent intent = intent(paymentId);
            if (!intent.status.equals("requires_confirmation") && !intent.status.equals("requires_payment_method")) {
                throw new PaymentProviderRejectedException("payment_intent_unexpected_state: " + intent.status, null);
            }
            intent.paymentMethod = card.paymentMethodId();
            switch (cards.getOrDefault(card.paymentMethodId(), Card.SUCCEEDS)) {
                case SUCCEEDS -> succeed(intent);
                case PROCESSING -> intent.status = "processing";
                case NEEDS_AUTHENTICATION -> fail(intent, "authentication_required");
                case DECLINES -> fail(intent, declineCodes.getOrDefault(card.paymentMethodId(), "generic_decline"));
            }
            return chargeState(intent);
        }));
    }

    @Override
    public synchronized ChargeState chargeState(String paymentId) {
        return call("chargeState", () -> chargeState(intent(paymentId)));
    }

    @Override
    public synchronized CardPayment retrievePayment(String paymentId) {
        return call("retrievePayment", () -> cardPayment(intent(paymentId)));
    }

    @Override
    public synchronized Optional<Payment> findCoinslotPayment(String paymentId) {
        return call("findCoinslotPayment", () -> Optional.ofNullable(intents.get(paymentId)).flatMap(FakePaymentGateway::coinslot));
    }

    @Override
    public synchronized List<Payment> recentPayments(Instant since) {
        return call("recentPayments", () -> intents.values().stream()
                .filter(i -> i.created.getEpochSecond() >= since.getEpochSecond())
                .flatMap(i -> coinslot(i).stream())
                .toList());
    }

    // ---- the customer and the processor, as tests drive them ------------------------------------------------------

    /** The customer completes an on-session payment with {@code paymentMethodId}; returns it as reconciliation sees it. */
    public synchronized Payment customerPays(String paymentId, String paymentMethodId) {
        Intent intent = intent(paymentId);
        intent.paymentMethod = paymentMethodId;
        succeed(intent);
        return coinslot(intent).orElseThrow();
    }

    /** The customer passes the authentication an off-session payment asked for: it succeeds. */
    public synchronized void customerAuthenticates(String paymentId) {
        succeed(intent(paymentId));
    }

    /** A processing payment settles. */
    public synchronized void settles(String paymentId) {
        succeed(intent(paymentId));
    }

    /** Creates a payment directly (e.g. one made outside Coinslot, or one whose webhook never came). */
    public synchronized String existingPayment(Money amount, Map<String, String> metadata, String status, String paymentMethod) {
        Intent intent = create(amount, "cus_other", paymentMethod, metadata, status);
        return intent.id;
    }

    /** Every Coinslot payment as reconciliation would see it, in creation order. */
    public synchronized List<Payment> payments() {
        return intents.values().stream().flatMap(i -> coinslot(i).stream()).toList();
    }

    public synchronized String customerOf(String paymentId) {
        return intent(paymentId).customerId;
    }

    /** Succeeded payments carrying top-up {@code topUpId}: what the customer's card was actually charged for it. */
    public synchronized long succeededCharges(String topUpId) {
        return payments().stream().filter(p -> p.topUpId().equals(topUpId) && p.status().equals("succeeded")).count();
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    private Intent create(Money amount, String customerId, String paymentMethod, Map<String, String> metadata, String status) {
        Intent intent = new Intent("pi_fake_" + (++sequence), amount, customerId, paymentMethod, metadata, status, clock.instant());
        intents.put(intent.id, intent);
        return intent;
    }

    private Intent intent(String paymentId) {
        Intent intent = intents.get(paymentId);
        if (intent == null) {
            throw new PaymentProviderRejectedException("resource_missing: no such payment_intent " + paymentId, null);
        }
        return intent;
    }

    private static void succeed(Intent intent) {
        intent.status = "succeeded";
        intent.lastErrorCode = null;
    }

    private static void fail(Intent intent, String code) {
        intent.status = "requires_payment_method";
        intent.lastErrorCode = code;
    }

    /** As {@code StripePaymentGateway.chargeState} reads a payment intent. */
    private static ChargeState chargeState(Intent intent) {
        ChargeStatus status = switch (intent.status) {
            case "succeeded" -> ChargeStatus.SUCCEEDED;
            case "requires_confirmation" -> ChargeStatus.NEEDS_CONFIRMATION;
            case "requires_action" -> ChargeStatus.NEEDS_AUTHENTICATION;
            case "requires_payment_method" -> intent.lastErrorCode == null ? ChargeStatus.NEEDS_CONFIRMATION
                    : "authentication_required".equals(intent.lastErrorCode) ? ChargeStatus.NEEDS_AUTHENTICATION
                    : ChargeStatus.DECLINED;
            case "canceled" -> ChargeStatus.DECLINED;
            default -> ChargeStatus.PROCESSING;
        };
        String failure = status == ChargeStatus.DECLINED && intent.lastErrorCode == null ? intent.status : intent.lastErrorCode;
        return new ChargeState(intent.id, status, intent.clientSecret, failure);
    }

    private static CardPayment cardPayment(Intent intent) {
        return new CardPayment(intent.id, intent.clientSecret, intent.status);
    }

    /** The Coinslot view of a payment from its metadata ({@code StripeEventParser.payment}); empty if not one of ours. */
    private static Optional<Payment> coinslot(Intent intent) {
        Map<String, String> meta = intent.metadata;
        if (meta.get(StripeMetadata.USER) == null || meta.get(StripeMetadata.TOPUP) == null) {
            return Optional.empty();
        }
        try {
            long base = Long.parseLong(meta.get(StripeMetadata.BASE));
            long bonus = Long.parseLong(meta.get(StripeMetadata.BONUS));
            if (base <= 0 || bonus < 0 || Long.parseLong(meta.get(StripeMetadata.CREDITS)) != base + bonus
                    || meta.get(StripeMetadata.PACK) == null || meta.get(StripeMetadata.PACK).isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Payment(intent.id, meta.get(StripeMetadata.USER), meta.get(StripeMetadata.TOPUP),
                    meta.get(StripeMetadata.PACK), intent.amount, Credits.of(base), Credits.of(bonus), intent.status,
                    Optional.ofNullable(intent.paymentMethod), Optional.ofNullable(meta.get(StripeMetadata.DEPLOYMENT))));
        } catch (NumberFormatException badMetadata) {
            return Optional.empty();
        }
    }

    /** A repeated key answers what the first request got; a different request under it is refused, as Stripe does. */
    @SuppressWarnings("unchecked")
    private <T> T idempotent(String key, String request, Supplier<T> first) {
        Answer earlier = byIdempotencyKey.get(key);
        if (earlier != null) {
            if (!earlier.request().equals(request)) {
                throw new PaymentProviderRejectedException("idempotency_error: key reused with different parameters", null);
            }
            return (T) earlier.value();
        }
        T value = first.get();
        byIdempotencyKey.put(key, new Answer(request, value));
        return value;
    }

    private <T> T call(String operation, Supplier<T> body) {
        Faults.Fault fault = faults.next(operation);
        if (fault == Faults.Fault.UNAVAILABLE) {
            throw new PaymentProviderUnavailableException("injected: " + operation + " unavailable", null);
        }
        if (fault == Faults.Fault.CONFLICT) {
            throw new IllegalStateException("the processor has no transaction conflicts");
        }
        T result = body.get();
        if (fault == Faults.Fault.LOST_RESPONSE) {
            throw new PaymentProviderUnavailableException("injected: " + operation + " timed out after applying", null);
        }
        return result;
    }
}

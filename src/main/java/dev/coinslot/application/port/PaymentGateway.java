package dev.coinslot.application.port;

import dev.coinslot.domain.Money;
import java.util.Map;

/**
 * The card processor (Stripe). Every create call carries an idempotency key so that a retry after a lost response
 * returns the original object instead of creating a second one. Processor outages and throttling surface as
 * {@link PaymentProviderUnavailableException}; misconfiguration (bad key, invalid request) as
 * {@link PaymentProviderRejectedException}.
 */
public interface PaymentGateway {

    /** Whether a processor key is configured at all. */
    boolean configured();

    /** Creates (or, for a repeated key, returns) the customer for this user; returns its id. */
    String createCustomer(String ownerId, String idempotencyKey);

    /**
     * Creates (or, for a repeated key, returns) a payment of {@code amount} for {@code customerId}, saving the card for
     * later off-session use, carrying {@code metadata}.
     */
    CardPayment createPayment(Money amount, String customerId, Map<String, String> metadata, String idempotencyKey);

    /** The payment as a Coinslot payment (from its metadata), or empty if it is not one or does not exist. */
    java.util.Optional<dev.coinslot.application.PaymentEvent.Payment> findCoinslotPayment(String paymentId);

    /** The payment as the processor sees it now. */
    CardPayment retrievePayment(String paymentId);

    /**
     * Every Coinslot card payment created at or after {@code since} (all pages), as reconciliation sees them; payments
     * without Coinslot metadata are skipped.
     */
    java.util.List<dev.coinslot.application.PaymentEvent.Payment> recentPayments(java.time.Instant since);

    /** A card payment: id, the secret the client confirms it with, and the processor's status. */
    record CardPayment(String id, String clientSecret, String status) {
        @Override
        public String toString() {
            return "CardPayment[id=" + id + ", status=" + status + "]";
        }
    }
}

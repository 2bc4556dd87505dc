package dev.coinslot.application.port;

import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SavedCard;

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
     * later off-session use, carrying {@code purpose}.
     */
    CardPayment createPayment(Money amount, String customerId, PaymentPurpose purpose, String idempotencyKey);

    /** The payment as a Coinslot payment (from its metadata), or empty if it is not one or does not exist. */
    java.util.Optional<dev.coinslot.application.PaymentEvent.Payment> findCoinslotPayment(String paymentId);

    /** The payment as the processor sees it now. */
    CardPayment retrievePayment(String paymentId);

    /**
     * Every Coinslot card payment created at or after {@code since} (all pages), as reconciliation sees them; payments
     * without Coinslot metadata are skipped.
     */
    java.util.List<dev.coinslot.application.PaymentEvent.Payment> recentPayments(java.time.Instant since);

    /**
     * Creates (or, for a repeated key, returns) an unconfirmed payment of {@code amount} on the saved card, carrying
     * {@code purpose}; nothing is charged until {@link #confirmOffSession}.
     */
    ChargeState createOffSessionPayment(Money amount, SavedCard card, PaymentPurpose purpose, String idempotencyKey);

    /** Confirms the payment off-session (the customer is not present); a repeated key returns the first answer. */
    ChargeState confirmOffSession(String paymentId, SavedCard card, String idempotencyKey);

    /** Where an off-session payment stands now. */
    ChargeState chargeState(String paymentId);

    /**
     * What a card payment is for, written onto it so that its events can be matched to the top-up: {@code pack} bought
     * as top-up {@code topUpId} of {@code ownerId}, created by {@code deployment}. Anyone with access to the processor
     * account can write such a claim; reconciliation checks it against the stored top-up and the configured pack.
     */
    record PaymentPurpose(DeploymentId deployment, String ownerId, String topUpId, CreditPack pack) {
    }

    /**
     * Where an off-session payment stands: {@code clientSecret} lets the customer finish a payment that needs
     * authentication; {@code failureCode} says why the last attempt failed (e.g. the decline code).
     */
    record ChargeState(String id, ChargeStatus status, String clientSecret, String failureCode) {
        @Override
        public String toString() {
            return "ChargeState[id=" + id + ", status=" + status + ", failureCode=" + failureCode + "]";
        }
    }

    enum ChargeStatus {
        NEEDS_CONFIRMATION,
        SUCCEEDED,
        NEEDS_AUTHENTICATION,
        DECLINED,
        PROCESSING
    }

    /** A card payment: id, the secret the client confirms it with, and the processor's status. */
    record CardPayment(String id, String clientSecret, String status) {
        @Override
        public String toString() {
            return "CardPayment[id=" + id + ", status=" + status + "]";
        }
    }
}

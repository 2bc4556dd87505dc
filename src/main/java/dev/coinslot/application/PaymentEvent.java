package dev.coinslot.application;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import java.util.Optional;

/**
 * A card-processor event, already authenticated and reduced to the fields reconciliation needs. {@code eventId} is
 * the processor's event id (deliveries of one event share it).
 */
public sealed interface PaymentEvent {

    String eventId();

    String type();

    /**
     * What a Coinslot card payment says about itself (from the metadata written when it was created), plus the
     * processor's view of amount and status. {@code paymentMethodId} is the card the payment used (saved for
     * off-session use, since every Coinslot payment asks for that). {@code deploymentId} is the deployment that created
     * it (empty for payments created before deployments had an identity). Nothing here is trusted on its own: anyone
     * with access to the processor account can create a payment with such metadata.
     */
    record Payment(String paymentIntentId, String ownerId, String topUpId, String packId, Money amount, Credits baseCredits,
            Credits bonusCredits, String status, Optional<String> paymentMethodId, Optional<String> deploymentId) {
        public Credits totalCredits() {
            return baseCredits.plus(bonusCredits);
        }
    }

    record PaymentSucceeded(String eventId, String type, Payment payment, long amountReceivedMinor) implements PaymentEvent {
    }

    record PaymentFailed(String eventId, String type, Payment payment) implements PaymentEvent {
    }

    /** {@code amountRefundedMinor} is cumulative over all refunds of the charge. */
    record ChargeRefunded(String eventId, String type, String paymentIntentId, long amountMinor, long amountRefundedMinor)
            implements PaymentEvent {
    }

    record DisputeOpened(String eventId, String type, String disputeId, String paymentIntentId) implements PaymentEvent {
    }

    /** {@code won} is empty for closing statuses that are neither won nor lost (e.g. warning_closed). */
    record DisputeClosed(String eventId, String type, String disputeId, String paymentIntentId, Optional<Boolean> won)
            implements PaymentEvent {
    }

    /** A type reconciliation does not act on, or a payment that is not a Coinslot top-up. */
    record Ignored(String eventId, String type, String reason) implements PaymentEvent {
    }
}

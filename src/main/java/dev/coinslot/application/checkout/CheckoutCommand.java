package dev.coinslot.application.checkout;

import dev.coinslot.application.Ids;

/**
 * A validated checkout request of user {@code ownerId} under idempotency key {@code idempotencyKey}:
 * buy {@code quantity} × {@code skuId}, which the client showed as costing {@code expectedTotalCredits} in total.
 */
public record CheckoutCommand(String ownerId, String idempotencyKey, String skuId, int quantity, long expectedTotalCredits) {

    /** Fingerprint of what was asked (not who asked or under which key): equal requests have equal hashes. */
    public String requestHash() {
        return Ids.sha256("checkout\n" + skuId + "\n" + quantity + "\n" + expectedTotalCredits);
    }
}

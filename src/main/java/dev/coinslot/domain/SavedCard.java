package dev.coinslot.domain;

import java.util.Objects;

/** The card a top-up saved for off-session use: the processor's customer and payment method ids. */
public record SavedCard(String customerId, String paymentMethodId) {
    public SavedCard {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(paymentMethodId, "paymentMethodId");
    }
}

package dev.coinslot.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A purchase of a credit pack with a card: {@code amount} is exactly what the card is charged, and
 * {@code baseCredits + bonusCredits} is what the wallet gains once the payment succeeds. {@code paymentIntentId} is
 * the card processor's payment id.
 */
public record TopUp(String id, String ownerId, String packId, Money amount, Credits baseCredits, Credits bonusCredits,
        TopUpStatus status, String paymentIntentId, Instant createdAt) {

    public TopUp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(baseCredits, "baseCredits");
        Objects.requireNonNull(bonusCredits, "bonusCredits");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paymentIntentId, "paymentIntentId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Credits totalCredits() {
        return baseCredits.plus(bonusCredits);
    }
}

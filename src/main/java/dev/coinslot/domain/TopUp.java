package dev.coinslot.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A purchase of a credit pack with a card: {@code amount} is exactly what the card is charged, and
 * {@code baseCredits + bonusCredits} is what the wallet gains once the payment succeeds. {@code paymentIntentId} is
 * the card processor's payment id. {@code clawedBack} counts credits taken back by refunds or a lost dispute; it never
 * exceeds the credited total. {@code closedDisputeId} is the dispute on this payment that was closed, if any.
 * {@code capReleased} is true for an auto top-up whose declined charge gave its amount back to the monthly cap: if the
 * payment succeeds after all, the amount counts against the cap again.
 */
public record TopUp(String id, String ownerId, String packId, Money amount, Credits baseCredits, Credits bonusCredits,
        TopUpStatus status, String paymentIntentId, Instant createdAt, Credits clawedBack, Optional<String> closedDisputeId,
        boolean capReleased) {

    public TopUp(String id, String ownerId, String packId, Money amount, Credits baseCredits, Credits bonusCredits,
            TopUpStatus status, String paymentIntentId, Instant createdAt) {
        this(id, ownerId, packId, amount, baseCredits, bonusCredits, status, paymentIntentId, createdAt, Credits.ZERO,
                Optional.empty(), false);
    }

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
        Objects.requireNonNull(clawedBack, "clawedBack");
        Objects.requireNonNull(closedDisputeId, "closedDisputeId");
    }

    /** Whether the wallet was credited for this top-up (later refunds and disputes do not undo that fact). */
    public boolean credited() {
        return status == TopUpStatus.SUCCEEDED || status == TopUpStatus.REFUNDED || status == TopUpStatus.DISPUTED;
    }

    /**
     * Credits that should have been clawed back in total once {@code refundedMinor} of {@code amount} was refunded:
     * the refunded share of the credited total, rounded down, and everything for a full refund.
     */
    public Credits clawbackTargetFor(long refundedMinor) {
        long amountMinor = amount.amountMinor();
        if (refundedMinor >= amountMinor) {
            return totalCredits();
        }
        if (refundedMinor <= 0) {
            return Credits.ZERO;
        }
        return Credits.of(Math.multiplyExact(totalCredits().amount(), refundedMinor) / amountMinor);
    }

    public Credits totalCredits() {
        return baseCredits.plus(bonusCredits);
    }
}

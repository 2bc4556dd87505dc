package dev.coinslot.domain;

import java.util.Objects;

/** What an auto top-up charged to the saved card during a checkout, and the credits it added. */
public record AutoCharge(String topUpId, String packId, Money amount, Credits credits, String paymentIntentId) {
    public AutoCharge {
        Objects.requireNonNull(topUpId, "topUpId");
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(paymentIntentId, "paymentIntentId");
    }

    public static AutoCharge of(TopUp topUp) {
        return new AutoCharge(topUp.id(), topUp.packId(), topUp.amount(), topUp.totalCredits(), topUp.paymentIntentId());
    }
}

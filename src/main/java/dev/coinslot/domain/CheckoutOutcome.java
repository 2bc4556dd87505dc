package dev.coinslot.domain;

import java.time.Instant;
import java.util.Optional;

/** Every expected result of a one-tap checkout; the API maps each to one HTTP answer. */
public sealed interface CheckoutOutcome {

    /**
     * The wallet was debited; {@code replayed} is true when this is the stored answer to an earlier identical request.
     * {@code autoTopUp} is the saved-card top-up this checkout made to cover a short balance, if any.
     */
    record Purchased(Purchase purchase, boolean replayed, Optional<AutoCharge> autoTopUp) implements CheckoutOutcome {
        public Purchased(Purchase purchase, boolean replayed) {
            this(purchase, replayed, Optional.empty());
        }
    }

    /** The purchase would cross a spending limit; nothing was written (and no card was charged). */
    record OverLimit(SpendLimit which, Credits limit, Credits spentSoFar, Credits price, Optional<Instant> resetsAt)
            implements CheckoutOutcome {
    }

    /**
     * The saved card needs the customer to authenticate (SCA): the client confirms payment {@code paymentIntentId}
     * on-session with {@code clientSecret}, then retries the checkout with the same key. No purchase was made.
     */
    record AuthenticationRequired(String topUpId, String paymentIntentId, String clientSecret, Money amount)
            implements CheckoutOutcome {
        @Override
        public String toString() {
            return "AuthenticationRequired[topUpId=" + topUpId + ", paymentIntentId=" + paymentIntentId + "]";
        }
    }

    /** The saved card was declined; {@code autoTopUpSwitchedOff} when that decline switched auto top-up off. */
    record CardDeclined(String topUpId, String declineCode, boolean autoTopUpSwitchedOff) implements CheckoutOutcome {
    }

    /** Another auto top-up of {@code packPrice} would exceed the monthly cap; nothing was charged. */
    record AutoTopUpCapReached(Money cap, Money chargedThisMonth, Money packPrice, Instant resetsAt)
            implements CheckoutOutcome {
    }

    /** The card processor is still processing the auto top-up; retry with the same key. */
    record AutoTopUpPending(String topUpId) implements CheckoutOutcome {
    }

    /** Not enough credits; nothing was written. {@code suggestedPack} is the cheapest pack that covers the shortfall. */
    record InsufficientCredits(Credits balance, Credits price, Credits shortfall, Optional<CreditPack> suggestedPack)
            implements CheckoutOutcome {
    }

    /** The client's expected total differs from the catalog's; nothing was written. */
    record PriceChanged(String skuId, Credits currentUnitPrice, Credits currentTotal, Credits expectedTotal)
            implements CheckoutOutcome {
    }

    record UnknownSku(String skuId) implements CheckoutOutcome {
    }

    /** The buyer already owns the permanent unlock {@code skuId} (alone or in the bundle asked for); nothing was debited. */
    record AlreadyOwned(String skuId) implements CheckoutOutcome {
    }

    /** More than one unit of the permanent unlock {@code skuId} was asked for; nothing was written. */
    record NotStackable(String skuId) implements CheckoutOutcome {
    }

    record WalletFrozen() implements CheckoutOutcome {
    }

    /** The idempotency key was already used for a different request by this user. */
    record IdempotencyKeyReused() implements CheckoutOutcome {
    }

    /** Too many concurrent writers on this wallet; safe to retry with the same key. */
    record Contended() implements CheckoutOutcome {
    }
}

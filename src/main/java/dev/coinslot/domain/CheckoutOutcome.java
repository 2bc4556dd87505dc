package dev.coinslot.domain;

import java.util.Optional;

/** Every expected result of a one-tap checkout; the API maps each to one HTTP answer. */
public sealed interface CheckoutOutcome {

    /** The wallet was debited; {@code replayed} is true when this is the stored answer to an earlier identical request. */
    record Purchased(Purchase purchase, boolean replayed) implements CheckoutOutcome {
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

    record WalletFrozen() implements CheckoutOutcome {
    }

    /** The idempotency key was already used for a different request by this user. */
    record IdempotencyKeyReused() implements CheckoutOutcome {
    }

    /** Too many concurrent writers on this wallet; safe to retry with the same key. */
    record Contended() implements CheckoutOutcome {
    }
}

package dev.coinslot.domain;

/**
 * Lifecycle of a credit top-up. PENDING until the card payment settles; SUCCEEDED once credited (exactly once);
 * FAILED if the payment failed or was cancelled before succeeding; REFUNDED / DISPUTED after the fact.
 */
public enum TopUpStatus {
    PENDING, SUCCEEDED, FAILED, REFUNDED, DISPUTED
}

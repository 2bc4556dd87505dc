package dev.coinslot.domain.ownership;

/** Where a purchase stands: completed, or refunded (its credits returned and what it granted revoked). */
public enum PurchaseStatus {
    COMPLETED, REFUNDED
}

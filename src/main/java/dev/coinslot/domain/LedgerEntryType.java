package dev.coinslot.domain;

/**
 * Why a wallet's balance changed. Purchases, clawbacks and expiries are negative; top-ups, grants and purchase refunds
 * are positive. {@link #EXPIRY}: promotional credits that lapsed; {@link #PURCHASE_REFUND}: a purchase refunded by its
 * buyer, its credits back to the lots that paid for it.
 */
public enum LedgerEntryType {
    PURCHASE, TOP_UP, REFUND_CLAWBACK, DISPUTE_CLAWBACK, GRANT, EXPIRY, PURCHASE_REFUND
}

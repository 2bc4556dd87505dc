package dev.coinslot.domain;

/**
 * Why a wallet's balance changed. Purchases, clawbacks and expiries are negative; top-ups and grants are positive.
 * {@link #EXPIRY}: promotional credits that lapsed.
 */
public enum LedgerEntryType {
    PURCHASE, TOP_UP, REFUND_CLAWBACK, DISPUTE_CLAWBACK, GRANT, EXPIRY
}

package dev.coinslot.domain;

/** Why a wallet's balance changed. Purchases and clawbacks are negative; top-ups, grants and purchase refunds are positive. */
public enum LedgerEntryType {
    PURCHASE, TOP_UP, REFUND_CLAWBACK, DISPUTE_CLAWBACK, GRANT,
    /** A purchase refunded by its buyer: its credits back (positive). */
    PURCHASE_REFUND
}

package dev.coinslot.domain;

/** Why a wallet's balance changed. Purchases and clawbacks are negative; top-ups and grants are positive. */
public enum LedgerEntryType {
    PURCHASE, TOP_UP, REFUND_CLAWBACK, DISPUTE_CLAWBACK, GRANT
}

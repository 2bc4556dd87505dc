package dev.coinslot.domain;

import java.util.Objects;

/**
 * Credits arriving as {@code lot} with a ledger entry of their own {@code type} and {@code reference}, in the same
 * write as another change (a purchase's loyalty rewards, see {@link WalletChange#thenCredit}).
 */
public record LedgerCredit(LedgerEntryType type, Lot lot, String reference) {

    public LedgerCredit {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(reference, "reference");
        if (type == LedgerEntryType.PURCHASE || type == LedgerEntryType.EXPIRY || type == LedgerEntryType.REFUND_CLAWBACK
                || type == LedgerEntryType.DISPUTE_CLAWBACK) {
            throw new IllegalArgumentException(type + " entries take credits, they do not add them");
        }
    }
}

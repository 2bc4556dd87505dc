package dev.coinslot.domain;

import java.util.Objects;

/**
 * {@code credits} (positive) taken back with a ledger entry of their own {@code type} and {@code reference}, in the same
 * write as another change: from the lots of {@code origin} first, then the others in spending order; what is missing
 * becomes debt, like any clawback (a refunded purchase's rewards, see {@link WalletChange#thenTakeBack}).
 */
public record LedgerDebit(LedgerEntryType type, String origin, Credits credits, String reference) {

    public LedgerDebit {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(reference, "reference");
        if (!credits.isPositive()) {
            throw new IllegalArgumentException("a takeback is a positive number of credits");
        }
    }
}

package dev.coinslot.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One write's effect on a wallet: the wallet it was decided on ({@code before}, pinned by its version), the wallet it
 * leaves ({@code after}), and the ledger entries it appends in order: an {@link LedgerEntryType#EXPIRY} entry first
 * when promotional credits lapsed since the last write, then the entry of the change itself (absent only for an
 * expiry-only change). {@code lots} is what the change itself took from which lot (a purchase or clawback).
 */
public record WalletChange(Wallet before, Wallet after, List<LedgerEntry> entries, List<LotTake> lots) {

    public WalletChange {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        entries = List.copyOf(entries);
        lots = List.copyOf(lots);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a change appends at least one ledger entry");
        }
        if (after.ledgerSequence() != before.ledgerSequence() + entries.size()
                || !after.balance().equals(entries.get(entries.size() - 1).balanceAfter())) {
            throw new IllegalArgumentException("the entries must lead from the wallet before to the wallet after");
        }
    }

    /** The last entry: the change itself (or the expiry, for an expiry-only change). */
    public LedgerEntry entry() {
        return entries.get(entries.size() - 1);
    }

    /** The expiry entry that precedes the change, if credits lapsed. */
    public Optional<LedgerEntry> expiry() {
        return entries.size() > 1 ? Optional.of(entries.get(0)) : Optional.empty();
    }
}

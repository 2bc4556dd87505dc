package dev.coinslot.domain;

import dev.coinslot.domain.loyalty.LoyaltyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One write's effect on a wallet: the wallet it was decided on ({@code before}, pinned by its version), the wallet it
 * leaves ({@code after}), and the ledger entries it appends in order: an {@link LedgerEntryType#EXPIRY} entry first
 * when promotional credits lapsed since the last write, then the entry of the change itself (absent only for an
 * expiry-only change), then any credits that ride along in the same write ({@link #thenCredit}: a purchase's
 * loyalty rewards, each its own entry). {@code lots} is what the change itself took from which lot (a purchase or
 * clawback).
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

    /** The change itself (or the expiry, for an expiry-only change). */
    public LedgerEntry entry() {
        return entries.get(expiry().isPresent() ? 1 : 0);
    }

    /** The expiry entry that precedes the change, if credits lapsed. */
    public Optional<LedgerEntry> expiry() {
        return entries.size() > 1 && entries.get(0).type() == LedgerEntryType.EXPIRY ? Optional.of(entries.get(0))
                : Optional.empty();
    }

    /** The entries after the change itself: what {@link #thenCredit} added or {@link #thenTakeBack} took (usually none). */
    public List<LedgerEntry> following() {
        return entries.subList(expiry().isPresent() ? 2 : 1, entries.size());
    }

    /**
     * This change followed, in the same write, by {@code credits} (each a new lot and its own ledger entry, at the
     * change's instant) and with the wallet's loyalty progress set to {@code loyaltyAfter}.
     */
    public WalletChange thenCredit(List<LedgerCredit> credits, LoyaltyState loyaltyAfter) {
        List<LedgerEntry> all = new ArrayList<>(entries);
        Lots current = after.lots();
        long sequence = after.ledgerSequence();
        for (LedgerCredit credit : credits) {
            Lots.Change added = current.add(credit.lot());
            current = added.after();
            all.add(new LedgerEntry(after.ownerId(), ++sequence, credit.type(), Credits.of(added.credits()),
                    Credits.of(added.paidCredits()), Credits.of(added.promoCredits()), current.balance(), credit.reference(),
                    entry().at()));
        }
        return continued(all, current, sequence, loyaltyAfter);
    }

    /**
     * This change followed, in the same write, by {@code debits} (each taken back like a clawback, so the wallet may go
     * negative, with its own ledger entry at the change's instant) and with the loyalty progress set to
     * {@code loyaltyAfter}.
     */
    public WalletChange thenTakeBack(List<LedgerDebit> debits, LoyaltyState loyaltyAfter) {
        List<LedgerEntry> all = new ArrayList<>(entries);
        Lots current = after.lots();
        long sequence = after.ledgerSequence();
        for (LedgerDebit debit : debits) {
            Lots.Change taken = current.clawBack(debit.origin(), debit.credits().amount());
            current = taken.after();
            all.add(new LedgerEntry(after.ownerId(), ++sequence, debit.type(), Credits.of(taken.credits()),
                    Credits.of(taken.paidCredits()), Credits.of(taken.promoCredits()), current.balance(), debit.reference(),
                    entry().at()));
        }
        return continued(all, current, sequence, loyaltyAfter);
    }

    /** This change with {@code all} its entries, leaving the lots {@code current} at {@code sequence} and that loyalty. */
    private WalletChange continued(List<LedgerEntry> all, Lots current, long sequence, LoyaltyState loyaltyAfter) {
        Wallet next = new Wallet(after.ownerId(), current.balance(), after.status(), after.version(), after.limits(),
                after.spent(), after.autoTopUp(), after.savedCard(), sequence, current, after.store(), loyaltyAfter);
        return new WalletChange(before, next, all, lots);
    }
}

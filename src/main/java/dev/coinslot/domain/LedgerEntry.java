package dev.coinslot.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One append-only line of a wallet's ledger. {@code sequence} is 1-based and gapless per wallet; {@code amount} is
 * signed (purchases negative); {@code balanceAfter} is the wallet balance once this entry applied; {@code reference}
 * names what caused it (e.g. {@code purchase:pur_…}, {@code topup:top_…}).
 */
public record LedgerEntry(String ownerId, long sequence, LedgerEntryType type, Credits amount, Credits balanceAfter,
        String reference, Instant at) {

    public LedgerEntry {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(balanceAfter, "balanceAfter");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(at, "at");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1");
        }
    }

    /** The entry that moves {@code before} by {@code amount}; its sequence is the wallet's next ledger sequence. */
    public static LedgerEntry next(Wallet before, LedgerEntryType type, Credits amount, String reference, Instant at) {
        Wallet after = before.apply(amount);
        return new LedgerEntry(before.ownerId(), after.ledgerSequence(), type, amount, after.balance(), reference, at);
    }
}

package dev.coinslot.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One append-only line of a wallet's ledger. {@code sequence} is 1-based and gapless per wallet; {@code amount} is
 * signed (purchases negative) and splits into {@code paidCredits} + {@code promoCredits} (the change of paid and of
 * promotional credits); {@code balanceAfter} is the wallet balance once this entry applied; {@code reference} names
 * what caused it (e.g. {@code purchase:pur_…}, {@code topup:top_…}).
 */
public record LedgerEntry(String ownerId, long sequence, LedgerEntryType type, Credits amount, Credits paidCredits,
        Credits promoCredits, Credits balanceAfter, String reference, Instant at) {

    public LedgerEntry {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidCredits, "paidCredits");
        Objects.requireNonNull(promoCredits, "promoCredits");
        Objects.requireNonNull(balanceAfter, "balanceAfter");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(at, "at");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1");
        }
        if (!paidCredits.plus(promoCredits).equals(amount)) {
            throw new IllegalArgumentException("paid + promotional credits must add up to the amount");
        }
    }

    /** An entry written before the split existed: all of it paid (its credits became one paid lot). */
    public LedgerEntry(String ownerId, long sequence, LedgerEntryType type, Credits amount, Credits balanceAfter,
            String reference, Instant at) {
        this(ownerId, sequence, type, amount, amount, Credits.ZERO, balanceAfter, reference, at);
    }
}

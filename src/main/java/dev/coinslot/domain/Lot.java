package dev.coinslot.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Credits of one origin still in a wallet. {@code credits} is what remains (positive). {@code cost} is the remaining
 * cost basis of a {@link LotKind#PAID} lot bought by card (what the card paid for the remaining credits, in minor units
 * of the currency it was bought in); empty for promotional lots and for {@link LotSource#LEGACY} lots, whose cost is
 * unknown. {@code expiresAt}: the first instant at which the credits are no longer spendable (promotional lots only;
 * empty = never). Instants are whole seconds. {@code origin}: what created it, e.g. the top-up id, so a clawback finds its own lots ("" if none).
 */
public record Lot(LotSource source, long credits, Optional<Money> cost, Instant acquiredAt, Optional<Instant> expiresAt,
        String origin) {

    public Lot {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(origin, "origin");
        acquiredAt = acquiredAt.truncatedTo(ChronoUnit.SECONDS);
        expiresAt = expiresAt.map(at -> at.truncatedTo(ChronoUnit.SECONDS));
        if (credits <= 0) {
            throw new IllegalArgumentException("a lot holds a positive number of credits");
        }
        if (source == LotSource.TOPUP ? cost.isEmpty() || cost.get().amountMinor() < 0 : cost.isPresent()) {
            throw new IllegalArgumentException("only a top-up lot carries a (non-negative) cost basis");
        }
        if (source.kind() == LotKind.PAID && expiresAt.isPresent()) {
            throw new IllegalArgumentException("paid credits never expire");
        }
    }

    /** A top-up's base credits, paid {@code price}. */
    public static Lot paid(long credits, Money price, Instant at, String origin) {
        return new Lot(LotSource.TOPUP, credits, Optional.of(price), at, Optional.empty(), origin);
    }

    /** Promotional credits from {@code source}, lapsing at {@code expiresAt} (empty = never). */
    public static Lot promo(LotSource source, long credits, Instant at, Optional<Instant> expiresAt, String origin) {
        return new Lot(source, credits, Optional.empty(), at, expiresAt, origin);
    }

    public LotKind kind() {
        return source.kind();
    }

    /** Expired at {@code now}: the expiry instant itself is already too late. */
    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /**
     * The money value of taking {@code taken} of the remaining credits: floor(remaining cost × taken / remaining
     * credits), and the whole remaining cost when all are taken, so the values of every take over the lot's life add
     * up to exactly its price. Zero for lots without a cost basis.
     */
    public long costOf(long taken) {
        if (taken <= 0 || taken > credits) {
            throw new IllegalArgumentException("take between 1 and " + credits + " credits, not " + taken);
        }
        if (cost.isEmpty()) {
            return 0;
        }
        if (taken == credits) {
            return cost.get().amountMinor();
        }
        return BigInteger.valueOf(cost.get().amountMinor()).multiply(BigInteger.valueOf(taken))
                .divide(BigInteger.valueOf(credits)).longValueExact();
    }

    /** This lot less {@code taken} credits and their {@link #costOf cost}; empty when nothing remains. */
    public Optional<Lot> less(long taken) {
        long value = costOf(taken);
        if (taken == credits) {
            return Optional.empty();
        }
        return Optional.of(new Lot(source, credits - taken, cost.map(c -> Money.of(c.amountMinor() - value, c.currency())),
                acquiredAt, expiresAt, origin));
    }
}

package dev.coinslot.domain;

import java.util.Objects;

/**
 * A user's credit wallet. {@code version} counts the wallet's ledger entries: every balance change appends exactly
 * one entry whose sequence number is the new version, so {@code balance} always equals the sum of entries
 * {@code 1..version}. A wallet nobody has credited yet is {@link #empty(String)}: version 0, balance 0.
 */
public record Wallet(String ownerId, Credits balance, WalletStatus status, long version) {

    public Wallet {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    public static Wallet empty(String ownerId) {
        return new Wallet(ownerId, Credits.ZERO, WalletStatus.ACTIVE, 0);
    }

    /** Whether a purchase of {@code price} may be made now, and if not, why. */
    public SpendCheck checkSpend(Credits price) {
        if (status == WalletStatus.FROZEN) {
            return new SpendCheck.Frozen();
        }
        if (balance.isLessThan(price)) {
            Credits shortfall = price.minus(balance);
            return new SpendCheck.Short(shortfall);
        }
        return new SpendCheck.Allowed(balance.minus(price));
    }

    /** The wallet after appending a ledger entry of {@code delta}. */
    public Wallet apply(Credits delta) {
        return new Wallet(ownerId, balance.plus(delta), status, version + 1);
    }

    public Wallet withStatus(WalletStatus newStatus) {
        return new Wallet(ownerId, balance, newStatus, version);
    }

    /** Result of {@link #checkSpend(Credits)}. */
    public sealed interface SpendCheck {
        record Allowed(Credits balanceAfter) implements SpendCheck {
        }

        /** Not enough credits; {@code shortfall} is how many more are needed (a negative balance adds to it). */
        record Short(Credits shortfall) implements SpendCheck {
        }

        record Frozen() implements SpendCheck {
        }
    }
}

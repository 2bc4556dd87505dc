package dev.coinslot.domain;

import dev.coinslot.domain.store.StoreActivity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's credit wallet. {@code version} counts every change of the wallet (balance, status, limits, tally, auto
 * top-up, guardian), so a write conditioned on the version pins all of it. {@code ledgerSequence} counts its ledger
 * entries: every balance change appends exactly one entry whose sequence number is the new ledger sequence, so
 * {@code balance} always equals the sum of entries {@code 1..ledgerSequence}. A wallet nobody has touched yet is
 * {@link #empty(String)}: version 0, no entries, balance 0. {@code limits} cap what purchases may spend, {@code spent}
 * counts what they spent today and this month, {@code autoTopUp} and {@code savedCard} let a short checkout top up
 * from the saved card. {@code store} is what the storefront derives segments and per-user offer limits from; only
 * purchases change it.
 */
public record Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
        SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence,
        StoreActivity store) {

    public Wallet {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(autoTopUp, "autoTopUp");
        Objects.requireNonNull(savedCard, "savedCard");
        Objects.requireNonNull(store, "store");
        if (ledgerSequence < 0 || version < ledgerSequence) {
            throw new IllegalArgumentException("version must count at least the ledger entries, and neither be negative");
        }
    }

    /** A wallet without storefront activity. */
    public Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
            SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence) {
        this(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, StoreActivity.NONE);
    }

    /** A wallet whose every change so far was a ledger entry (version = ledger sequence). */
    public Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
            SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard) {
        this(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, version);
    }

    public Wallet(String ownerId, Credits balance, WalletStatus status, long version) {
        this(ownerId, balance, status, version, SpendLimits.NONE, SpendTally.NONE, Optional.empty(), Optional.empty());
    }

    public static Wallet empty(String ownerId) {
        return new Wallet(ownerId, Credits.ZERO, WalletStatus.ACTIVE, 0);
    }

    /** Whether a purchase of {@code price} may be made on {@code today} (UTC), and if not, why. */
    public SpendCheck checkSpend(Credits price, LocalDate today) {
        if (status == WalletStatus.FROZEN) {
            return new SpendCheck.Frozen();
        }
        Optional<SpendCheck.OverLimit> over = overLimit(price, today);
        if (over.isPresent()) {
            return over.get();
        }
        if (balance.isLessThan(price)) {
            Credits shortfall = price.minus(balance);
            return new SpendCheck.Short(shortfall);
        }
        return new SpendCheck.Allowed(balance.minus(price));
    }

    private Optional<SpendCheck.OverLimit> overLimit(Credits price, LocalDate today) {
        for (SpendLimit which : SpendLimit.values()) {
            Optional<Credits> limit = limits.limit(which);
            if (limit.isEmpty()) {
                continue;
            }
            Credits spentSoFar = switch (which) {
                case PER_PURCHASE -> Credits.ZERO;
                case DAILY -> spent.spentOn(today);
                case MONTHLY -> spent.spentIn(YearMonth.from(today));
            };
            if (limit.get().isLessThan(spentSoFar.plus(price))) {
                return Optional.of(new SpendCheck.OverLimit(which, limit.get(), spentSoFar,
                        SpendTally.resetsAt(which, today)));
            }
        }
        return Optional.empty();
    }

    /** The wallet after appending a ledger entry of {@code delta}. */
    public Wallet apply(Credits delta) {
        return new Wallet(ownerId, balance.plus(delta), status, version + 1, limits, spent, autoTopUp, savedCard,
                ledgerSequence + 1, store);
    }

    /** The wallet after a purchase debiting {@code total} on {@code today}: one ledger entry, and the spend tally. */
    public Wallet purchase(Credits total, LocalDate today) {
        return purchase(total, today, Optional.empty(), 1);
    }

    /** As {@link #purchase(Credits, LocalDate)}, {@code quantity} units at the price of offer {@code offerId} if any. */
    public Wallet purchase(Credits total, LocalDate today, Optional<String> offerId, int quantity) {
        return new Wallet(ownerId, balance.minus(total), status, version + 1, limits, spent.plus(total, today), autoTopUp,
                savedCard, ledgerSequence + 1, store.purchase(total, today, offerId, quantity));
    }

    /** The wallet after its status changed (a change like any other: the version moves, the ledger does not). */
    public Wallet withStatus(WalletStatus newStatus) {
        return new Wallet(ownerId, balance, newStatus, version + 1, limits, spent, autoTopUp, savedCard, ledgerSequence, store);
    }

    /** The same wallet (same version) with {@code activity} as its storefront record, for the next write to store. */
    public Wallet withStore(StoreActivity activity) {
        return new Wallet(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, activity);
    }

    /** The auto top-up setting if it is switched on and a saved card exists to charge. */
    public Optional<AutoTopUp> activeAutoTopUp() {
        return savedCard.isPresent() ? autoTopUp.filter(AutoTopUp::enabled) : Optional.empty();
    }

    /** Result of {@link #checkSpend}. */
    public sealed interface SpendCheck {
        record Allowed(Credits balanceAfter) implements SpendCheck {
        }

        /** Not enough credits; {@code shortfall} is how many more are needed (a negative balance adds to it). */
        record Short(Credits shortfall) implements SpendCheck {
        }

        record Frozen() implements SpendCheck {
        }

        /** The purchase would cross {@code which}: {@code spentSoFar} of {@code limit} is used, until {@code resetsAt}. */
        record OverLimit(SpendLimit which, Credits limit, Credits spentSoFar, Optional<Instant> resetsAt)
                implements SpendCheck {
        }
    }
}

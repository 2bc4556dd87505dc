package dev.coinslot.domain;

import dev.coinslot.domain.loyalty.LoyaltyState;
import dev.coinslot.domain.store.StoreActivity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A user's credit wallet. {@code version} counts every change of the wallet (balance, status, limits, tally, auto
 * top-up, guardian), so a write conditioned on the version pins all of it. {@code ledgerSequence} counts its ledger
 * entries: every balance change appends exactly one entry whose sequence number is the new ledger sequence, so
 * {@code balance} always equals the sum of entries {@code 1..ledgerSequence}. A wallet nobody has touched yet is
 * {@link #empty(String)}: version 0, no entries, balance 0. {@code limits} cap what purchases may spend, {@code spent}
 * counts what they spent today and this month, {@code autoTopUp} and {@code savedCard} let a short checkout top up
 * from the saved card. {@code lots} hold the credits (paid and promotional, see {@link Lots}); {@code balance} is
 * always their balance. One write may append two entries (an expiry, then the change), so the ledger sequence may run
 * ahead of the version. {@code store} is what the storefront derives segments and per-user offer limits from; only
 * purchases change it. {@code loyalty} is the wallet's loyalty progress (cashback remainder, streak, stamps, daily
 * claim, grants today); the writes that change it pin the version like any other.
 */
public record Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
        SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence, Lots lots,
        StoreActivity store, LoyaltyState loyalty) {

    public Wallet {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(autoTopUp, "autoTopUp");
        Objects.requireNonNull(savedCard, "savedCard");
        Objects.requireNonNull(lots, "lots");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(loyalty, "loyalty");
        if (ledgerSequence < 0 || version < 0) {
            throw new IllegalArgumentException("neither version nor ledger sequence is negative");
        }
        if (!balance.equals(lots.balance())) {
            throw new IllegalArgumentException("balance " + balance + " is not the balance of the lots " + lots.balance());
        }
    }

    /** A wallet that has no loyalty progress yet. */
    public Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
            SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence, Lots lots,
            StoreActivity store) {
        this(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, lots, store,
                LoyaltyState.NONE);
    }

    /** A wallet without storefront activity. */
    public Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
            SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence, Lots lots) {
        this(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, lots, StoreActivity.NONE);
    }

    /** A wallet whose credits are not in lots yet (written before lots existed): its balance is one legacy lot. */
    public Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
            SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence,
            StoreActivity store) {
        this(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, Lots.legacy(balance),
                store);
    }

    /** A wallet without lots (one legacy lot) and without storefront activity. */
    public Wallet(String ownerId, Credits balance, WalletStatus status, long version, SpendLimits limits,
            SpendTally spent, Optional<AutoTopUp> autoTopUp, Optional<SavedCard> savedCard, long ledgerSequence) {
        this(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, Lots.legacy(balance),
                StoreActivity.NONE);
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

    /** The wallet after its status changed (a change like any other: the version moves, the ledger does not). */
    public Wallet withStatus(WalletStatus newStatus) {
        return new Wallet(ownerId, balance, newStatus, version + 1, limits, spent, autoTopUp, savedCard, ledgerSequence, lots,
                store, loyalty);
    }

    /** Whether a purchase of {@code price} may be made at {@code now}, counting no credit expired by then. */
    public SpendCheck checkSpend(Credits price, Instant now) {
        return asOf(now).checkSpend(price, LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    /**
     * The wallet as spendable at {@code now}: promotional credits expired by then left out (a view for reads and
     * decisions; the write that removes them appends the EXPIRY entry).
     */
    public Wallet asOf(Instant now) {
        Lots.Change expired = lots.expire(now);
        if (expired.credits() == 0) {
            return this;
        }
        Lots left = expired.after();
        return new Wallet(ownerId, left.balance(), status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, left,
                store, loyalty);
    }

    /** A purchase of {@code total} at {@code now} (the caller checked it is allowed): lots drawn in spending order. */
    public WalletChange purchase(Credits total, Instant now, String reference) {
        return purchase(total, now, reference, Optional.empty(), 1);
    }

    /**
     * As {@link #purchase(Credits, Instant, String)}, {@code quantity} units at the price of offer {@code offerId} if any:
     * the storefront activity counts it too.
     */
    public WalletChange purchase(Credits total, Instant now, String reference, Optional<String> offerId, int quantity) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return change(now, LedgerEntryType.PURCHASE, reference, List.of(lots -> lots.draw(total.amount())),
                spent.plus(total, today), store.purchase(total, today, offerId, quantity));
    }

    /** Credits arriving as {@code newLots} (a top-up's paid and bonus lots, a grant), as one entry of {@code type}. */
    public WalletChange credit(LedgerEntryType type, List<Lot> newLots, String reference, Instant now) {
        if (newLots.isEmpty()) {
            throw new IllegalArgumentException("a credit adds at least one lot");
        }
        return change(now, type, reference, newLots.stream().<Function<Lots, Lots.Change>>map(lot -> lots -> lots.add(lot))
                .toList(), spent, store);
    }

    /** {@code credits} taken back for the top-up {@code origin} (its own lots first; may leave the wallet negative). */
    public WalletChange clawBack(LedgerEntryType type, String origin, Credits credits, String reference, Instant now) {
        return change(now, type, reference, List.of(lots -> lots.clawBack(origin, credits.amount())), spent, store);
    }

    /**
     * A refunded purchase's credits back to the lots that paid for it ({@code takes}, the purchase's
     * {@link Purchase#lots()}), as one {@link LedgerEntryType#PURCHASE_REFUND} entry: a paid lot with the cost basis
     * the purchase took from it, a promotional lot with its original expiry (that of the lot still held, else
     * {@code expiry} of its source from when it was acquired); credits of a promotional lot expired by {@code now} are not returned. A purchase recorded before
     * lots existed ({@code takes} empty) returns its {@code total} as a legacy lot.
     */
    public Refund refund(List<LotTake> takes, Credits total, PromoExpiry expiry, String reference, Instant now) {
        List<Lot> back = new ArrayList<>();
        long expired = 0;
        if (takes.isEmpty() && total.amount() > 0) {
            back.add(new Lot(LotSource.LEGACY, total.amount(), Optional.empty(), now, Optional.empty(), ""));
        }
        for (LotTake take : takes) {
            if (take.source().kind() == LotKind.PROMO) {
                // the lot's own expiry while the wallet still holds it; once used up, its source's configured lifetime
                Optional<Instant> expiresAt = lots.lots().stream()
                        .filter(l -> l.source() == take.source() && l.origin().equals(take.origin())
                                && l.acquiredAt().equals(take.acquiredAt()))
                        .findFirst().map(Lot::expiresAt).orElseGet(() -> expiry.expiresAt(take.source(), take.acquiredAt()));
                Lot lot = Lot.promo(take.source(), take.credits(), take.acquiredAt(), expiresAt, take.origin());
                if (lot.expiredAt(now)) {
                    expired += take.credits();
                    continue;
                }
                back.add(lot);
            } else {
                back.add(new Lot(take.source(), take.credits(),
                        take.source() == LotSource.TOPUP ? take.value() : Optional.empty(), take.acquiredAt(),
                        Optional.empty(), take.origin()));
            }
        }
        long returned = back.stream().mapToLong(Lot::credits).sum();
        WalletChange change = change(now, LedgerEntryType.PURCHASE_REFUND, reference,
                back.stream().<Function<Lots, Lots.Change>>map(lot -> lots -> lots.add(lot)).toList(), spent, store);
        return new Refund(change, Credits.of(returned), Credits.of(expired));
    }

    /** A refund's wallet change, the credits it returned and those it could not (their lot had expired). */
    public record Refund(WalletChange change, Credits returned, Credits expired) {
    }

    /** The EXPIRY entry for promotional credits lapsed by {@code now}; empty when none did. */
    public Optional<WalletChange> expire(Instant now) {
        return lots.expire(now).credits() == 0 ? Optional.empty() : Optional.of(change(now, null, null, List.of(), spent, store));
    }

    /** Expiry first (if due), then {@code steps} on the lots as one entry of {@code type} (none when type is null). */
    private WalletChange change(Instant now, LedgerEntryType type, String reference, List<Function<Lots, Lots.Change>> steps,
            SpendTally spentAfter, StoreActivity storeAfter) {
        List<LedgerEntry> entries = new ArrayList<>();
        long sequence = ledgerSequence;
        Lots.Change expired = lots.expire(now);
        Lots current = expired.after();
        if (expired.credits() != 0) {
            entries.add(new LedgerEntry(ownerId, ++sequence, LedgerEntryType.EXPIRY, Credits.of(expired.credits()),
                    Credits.ZERO, Credits.of(expired.promoCredits()), current.balance(), "expiry:" + now.getEpochSecond(), now));
        }
        List<LotTake> taken = new ArrayList<>();
        if (type != null) {
            long paid = 0;
            long promo = 0;
            for (Function<Lots, Lots.Change> step : steps) {
                Lots.Change change = step.apply(current);
                current = change.after();
                paid += change.paidCredits();
                promo += change.promoCredits();
                taken.addAll(change.taken());
            }
            entries.add(new LedgerEntry(ownerId, ++sequence, type, Credits.of(paid + promo), Credits.of(paid), Credits.of(promo),
                    current.balance(), reference, now));
        }
        Wallet after = new Wallet(ownerId, current.balance(), status, version + 1, limits, spentAfter, autoTopUp, savedCard,
                sequence, current, storeAfter, loyalty);
        return new WalletChange(this, after, entries, taken);
    }

    /** The same wallet (same version) with {@code activity} as its storefront record, for the next write to store. */
    public Wallet withStore(StoreActivity activity) {
        return new Wallet(ownerId, balance, status, version, limits, spent, autoTopUp, savedCard, ledgerSequence, lots,
                activity, loyalty);
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

package dev.coinslot.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A wallet's open lots in spending order, and its debt. Spending order: promotional lots first, soonest expiry first
 * (never-expiring ones after those that expire), then paid lots, oldest first. {@code debt} is what a clawback took
 * beyond the credits left (the wallet is negative by it); while in debt there are no lots, and credits arriving settle
 * the debt first. The balance is Σ credits − debt.
 *
 * <p>The number of lots is bounded by {@link #MAX_LOTS}: a new promotional lot merges into one of the same source
 * expiring on the same UTC day (keeping the later expiry); beyond the bound the two oldest paid lots of the same
 * currency merge (credits and cost basis summed), then the two promotional lots expiring soonest (keeping the later
 * expiry). A merge never takes a credit or shortens an expiry, and a merged paid lot still recognises exactly its
 * summed cost. Paid lots of {@code MAX_LOTS} different currencies would be the only way past the bound.
 */
public record Lots(List<Lot> lots, long debt) {

    /** The most lots a wallet keeps (see the class comment for what happens beyond). */
    public static final int MAX_LOTS = 8;

    /** Spending order. */
    public static final Comparator<Lot> SPEND_ORDER = Comparator
            .comparing((Lot l) -> l.kind() == LotKind.PAID)
            .thenComparing(l -> l.expiresAt().orElse(Instant.MAX))
            .thenComparing(Lot::acquiredAt)
            .thenComparing(l -> l.source().code())
            .thenComparing(Lot::origin)
            .thenComparingLong(Lot::credits);

    public static final Lots EMPTY = new Lots(List.of(), 0);

    public Lots {
        Objects.requireNonNull(lots, "lots");
        if (debt < 0) {
            throw new IllegalArgumentException("debt is not negative");
        }
        if (debt > 0 && !lots.isEmpty()) {
            throw new IllegalArgumentException("credits settle the debt first: no lots while in debt");
        }
        lots = lots.stream().sorted(SPEND_ORDER).toList();
    }

    /** The balance of a wallet written before lots existed: one paid lot of unknown cost, or the debt if negative. */
    public static Lots legacy(Credits balance) {
        if (balance.amount() > 0) {
            return new Lots(List.of(new Lot(LotSource.LEGACY, balance.amount(), Optional.empty(), Instant.EPOCH,
                    Optional.empty(), "")), 0);
        }
        return new Lots(List.of(), -balance.amount());
    }

    public Credits balance() {
        return Credits.of(sum(null) - debt);
    }

    /** Credits of paid lots (before the debt). */
    public Credits paid() {
        return Credits.of(sum(LotKind.PAID));
    }

    public Credits promo() {
        return Credits.of(sum(LotKind.PROMO));
    }

    private long sum(LotKind kind) {
        long total = 0;
        for (Lot lot : lots) {
            if (kind == null || lot.kind() == kind) {
                total = Math.addExact(total, lot.credits());
            }
        }
        return total;
    }

    /** The soonest expiry and how many credits lapse then; empty when nothing expires. */
    public Optional<NextExpiry> nextExpiry() {
        Optional<Instant> at = lots.stream().flatMap(l -> l.expiresAt().stream()).min(Comparator.naturalOrder());
        return at.map(when -> new NextExpiry(lots.stream().filter(l -> l.expiresAt().equals(Optional.of(when)))
                .mapToLong(Lot::credits).sum(), when));
    }

    /** {@code credits} lapse at {@code at}. */
    public record NextExpiry(long credits, Instant at) {
    }

    /**
     * A change of the lots: {@code after}, the signed change of paid and of promotional credits (their sum is the
     * balance change), and what was taken from which lot.
     */
    public record Change(Lots after, long paidCredits, long promoCredits, List<LotTake> taken) {

        public long credits() {
            return paidCredits + promoCredits;
        }

        /** The money value of the paid credits taken, per currency (sorted by currency; zero amounts left out). */
        public List<Money> value() {
            return LotTake.value(taken);
        }
    }

    /** The promotional lots expired at {@code now} removed (expiry is due at the exact instant). */
    public Change expire(Instant now) {
        List<Lot> kept = new ArrayList<>();
        List<LotTake> taken = new ArrayList<>();
        long expired = 0;
        for (Lot lot : lots) {
            if (lot.expiredAt(now)) {
                expired += lot.credits();
                taken.add(take(lot, lot.credits()));
            } else {
                kept.add(lot);
            }
        }
        return new Change(new Lots(kept, debt), 0, -expired, taken);
    }

    /** Takes {@code credits} in spending order (a purchase); the caller made sure the balance covers them. */
    public Change draw(long credits) {
        if (credits <= 0 || credits > sum(null) - debt) {
            throw new IllegalArgumentException("cannot draw " + credits + " credits from a balance of " + balance());
        }
        return takeFrom(lots, credits);
    }

    /**
     * Takes back {@code credits} (a refund or lost dispute of the top-up {@code origin}): from that top-up's own lots
     * first, then from the others in spending order; what is missing becomes debt (counted as paid credits taken).
     */
    public Change clawBack(String origin, long credits) {
        if (credits <= 0) {
            throw new IllegalArgumentException("a clawback takes a positive number of credits");
        }
        List<Lot> order = new ArrayList<>(lots.stream().filter(l -> !origin.isEmpty() && l.origin().equals(origin)).toList());
        lots.stream().filter(l -> origin.isEmpty() || !l.origin().equals(origin)).forEach(order::add);
        long fromLots = Math.min(credits, sum(null));
        Change change = fromLots == 0 ? new Change(this, 0, 0, List.of()) : takeFrom(order, fromLots);
        long owed = credits - fromLots;
        return new Change(new Lots(change.after().lots(), Math.addExact(debt, owed)), change.paidCredits() - owed,
                change.promoCredits(), change.taken());
    }

    private Change takeFrom(List<Lot> order, long credits) {
        List<Lot> left = new ArrayList<>();
        List<LotTake> taken = new ArrayList<>();
        long remaining = credits;
        long paid = 0;
        long promo = 0;
        for (Lot lot : order) {
            if (remaining == 0) {
                left.add(lot);
                continue;
            }
            long take = Math.min(remaining, lot.credits());
            taken.add(take(lot, take));
            lot.less(take).ifPresent(left::add);
            remaining -= take;
            if (lot.kind() == LotKind.PAID) {
                paid += take;
            } else {
                promo += take;
            }
        }
        return new Change(new Lots(left, debt), -paid, -promo, taken);
    }

    private static LotTake take(Lot lot, long credits) {
        return new LotTake(lot.source(), lot.origin(), lot.acquiredAt(), credits,
                lot.cost().map(c -> Money.of(lot.costOf(credits), c.currency())));
    }

    /**
     * {@code lot} added: it settles the debt first (credits that settle a debt recognise nothing later; a paid lot
     * loses the matching share of its cost basis), then joins the lots under the merge rules.
     */
    public Change add(Lot lot) {
        long settled = Math.min(debt, lot.credits());
        Optional<Lot> rest = settled == 0 ? Optional.of(lot) : lot.less(settled);
        List<Lot> next = new ArrayList<>(lots);
        rest.ifPresent(r -> mergeInto(next, r));
        boundLots(next);
        long promo = rest.filter(r -> r.kind() == LotKind.PROMO).map(Lot::credits).orElse(0L);
        // settling a debt restores paid credits the clawback took, whatever kind the new lot is
        return new Change(new Lots(next, debt - settled), lot.credits() - promo, promo, List.of());
    }

    /** The lots reconciled with a balance written without them (an older writer): a difference is a legacy lot or a draw. */
    public Lots reconciledTo(Credits balance) {
        long difference = balance.amount() - balance().amount();
        if (difference == 0) {
            return this;
        }
        if (difference > 0) {
            Lots settled = add(new Lot(LotSource.LEGACY, difference, Optional.empty(), Instant.EPOCH, Optional.empty(), ""))
                    .after();
            return settled;
        }
        long available = sum(null);
        Lots drawn = available == 0 ? this : takeFrom(lots, Math.min(available, -difference)).after();
        return new Lots(drawn.lots(), debt + (-difference - Math.min(available, -difference)));
    }

    private static void mergeInto(List<Lot> lots, Lot lot) {
        if (lot.kind() == LotKind.PROMO) {
            for (int i = 0; i < lots.size(); i++) {
                Lot other = lots.get(i);
                if (other.source() == lot.source() && sameDay(other.expiresAt(), lot.expiresAt())) {
                    lots.set(i, merged(other, lot));
                    return;
                }
            }
        }
        lots.add(lot);
    }

    private static boolean sameDay(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return LocalDate.ofInstant(a.get(), ZoneOffset.UTC).equals(LocalDate.ofInstant(b.get(), ZoneOffset.UTC));
    }

    /** One lot holding both: credits and cost summed, the earlier acquisition, the later expiry. */
    static Lot merged(Lot a, Lot b) {
        Optional<Money> cost = a.cost().isPresent() ? Optional.of(a.cost().get().plus(b.cost().orElseThrow())) : Optional.empty();
        Optional<Instant> expires = a.expiresAt().isEmpty() || b.expiresAt().isEmpty() ? Optional.empty()
                : Optional.of(a.expiresAt().get().isAfter(b.expiresAt().get()) ? a.expiresAt().get() : b.expiresAt().get());
        Instant acquired = a.acquiredAt().isBefore(b.acquiredAt()) ? a.acquiredAt() : b.acquiredAt();
        return new Lot(a.source(), Math.addExact(a.credits(), b.credits()), cost, acquired, expires,
                a.origin().equals(b.origin()) ? a.origin() : "");
    }

    private static void boundLots(List<Lot> lots) {
        while (lots.size() > MAX_LOTS) {
            lots.sort(SPEND_ORDER);
            if (!mergeOldestPaid(lots) && !mergeSoonestPromo(lots)) {
                return;
            }
        }
    }

    private static boolean mergeOldestPaid(List<Lot> lots) {
        for (int i = 0; i < lots.size(); i++) {
            for (int j = i + 1; j < lots.size(); j++) {
                Lot a = lots.get(i);
                Lot b = lots.get(j);
                if (a.kind() == LotKind.PAID && a.source() == b.source()
                        && a.cost().map(Money::currency).equals(b.cost().map(Money::currency))) {
                    lots.set(i, merged(a, b));
                    lots.remove(j);
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mergeSoonestPromo(List<Lot> lots) {
        if (lots.size() < 2 || lots.get(1).kind() != LotKind.PROMO) {
            return false;
        }
        Lot a = lots.get(0);
        Lot b = lots.get(1);
        // different sources: the merged lot keeps the source of the one lasting longer
        Lot first = a.expiresAt().orElse(Instant.MAX).isAfter(b.expiresAt().orElse(Instant.MAX)) ? a : b;
        Lot second = first == a ? b : a;
        lots.set(0, merged(first, new Lot(first.source(), second.credits(), Optional.empty(), second.acquiredAt(),
                second.expiresAt(), second.origin())));
        lots.remove(1);
        return true;
    }
}

package dev.coinslot.domain;

/**
 * An amount of wallet credits: a whole number, never a fraction. One credit is the smallest thing a
 * catalog price can be expressed in. Signed, because ledger entries debit (negative) as well as credit,
 * and a clawback may take a wallet below zero.
 */
public record Credits(long amount) implements Comparable<Credits> {

    public static final Credits ZERO = new Credits(0);

    public static Credits of(long amount) {
        return new Credits(amount);
    }

    public Credits plus(Credits other) {
        return new Credits(Math.addExact(amount, other.amount));
    }

    public Credits minus(Credits other) {
        return new Credits(Math.subtractExact(amount, other.amount));
    }

    /** This amount multiplied by a quantity; throws {@link ArithmeticException} on overflow. */
    public Credits times(long quantity) {
        return new Credits(Math.multiplyExact(amount, quantity));
    }

    public Credits negate() {
        return new Credits(Math.negateExact(amount));
    }

    public boolean isPositive() {
        return amount > 0;
    }

    public boolean isNegative() {
        return amount < 0;
    }

    public boolean isLessThan(Credits other) {
        return amount < other.amount;
    }

    @Override
    public int compareTo(Credits other) {
        return Long.compare(amount, other.amount);
    }

    @Override
    public String toString() {
        return amount + " credits";
    }
}

package dev.coinslot.domain;

/**
 * Where a lot's credits came from, which fixes its kind. {@link #TOPUP}: a pack's base credits, with the cost basis the
 * card paid; {@link #LEGACY}: the balance of a wallet written before lots existed, paid with an unknown cost basis;
 * {@link #BONUS}: a pack's bonus; {@link #GRANT}: credits granted without a payment; {@link #REWARD}: earned credits.
 * {@code code} is the one-letter tag of the stored encoding (never change it).
 */
public enum LotSource {
    TOPUP(LotKind.PAID, 'T'), LEGACY(LotKind.PAID, 'L'), BONUS(LotKind.PROMO, 'B'), GRANT(LotKind.PROMO, 'G'),
    REWARD(LotKind.PROMO, 'R');

    private final LotKind kind;
    private final char code;

    LotSource(LotKind kind, char code) {
        this.kind = kind;
        this.code = code;
    }

    public LotKind kind() {
        return kind;
    }

    public char code() {
        return code;
    }

    public static LotSource ofCode(char code) {
        for (LotSource source : values()) {
            if (source.code == code) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown lot source code " + code);
    }
}

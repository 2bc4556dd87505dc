package dev.coinslot.domain;

/** Whether a lot's credits were paid for by card ({@link #PAID}, never expire) or given ({@link #PROMO}, may expire). */
public enum LotKind {
    PAID, PROMO
}

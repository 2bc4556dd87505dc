package dev.coinslot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WalletTest {

    private final Wallet wallet = new Wallet("u1", Credits.of(100), WalletStatus.ACTIVE, 3);

    @Test
    void spend_withinBalance_isAllowedDownToZero() {
        Wallet.SpendCheck check = wallet.checkSpend(Credits.of(100));
        assertEquals(Credits.ZERO, assertInstanceOf(Wallet.SpendCheck.Allowed.class, check).balanceAfter());
    }

    @Test
    void spend_beyondBalance_reportsShortfall() {
        assertEquals(Credits.of(1), assertInstanceOf(Wallet.SpendCheck.Short.class, wallet.checkSpend(Credits.of(101))).shortfall());
    }

    @Test
    void spend_fromNegativeBalance_shortfallIncludesTheDebt() {
        Wallet negative = new Wallet("u1", Credits.of(-30), WalletStatus.ACTIVE, 5);
        assertEquals(Credits.of(79), assertInstanceOf(Wallet.SpendCheck.Short.class, negative.checkSpend(Credits.of(49))).shortfall());
    }

    @Test
    void spend_fromFrozenWallet_isRefusedWhateverTheBalance() {
        assertInstanceOf(Wallet.SpendCheck.Frozen.class, wallet.withStatus(WalletStatus.FROZEN).checkSpend(Credits.of(1)));
    }

    @Test
    void ledgerEntry_next_carriesNextVersionAndBalanceAfter() {
        LedgerEntry entry = LedgerEntry.next(wallet, LedgerEntryType.PURCHASE, Credits.of(-49), "purchase:p1", Instant.EPOCH);
        assertEquals(4, entry.sequence());
        assertEquals(Credits.of(51), entry.balanceAfter());
        assertEquals(wallet.apply(Credits.of(-49)).balance(), entry.balanceAfter());
    }

    @Test
    void purchase_totalMustEqualUnitPriceTimesQuantity() {
        assertThrows(IllegalArgumentException.class, () -> new Purchase("p", "u", "s", 2, Credits.of(49), Credits.of(49),
                Credits.ZERO, Instant.EPOCH));
    }

    @Test
    void credits_overflow_isAnError_notAWraparound() {
        assertThrows(ArithmeticException.class, () -> Credits.of(Long.MAX_VALUE / 2).times(3));
        assertThrows(ArithmeticException.class, () -> Credits.of(Long.MAX_VALUE).plus(Credits.of(1)));
    }

    @Test
    void money_isMinorUnitsWithIsoCurrency() {
        assertEquals("4.99 USD", Money.of(499, "USD").toString());
        assertEquals("500 JPY", Money.of(500, "JPY").toString());
        assertThrows(IllegalArgumentException.class, () -> Money.of(1, "usd"));
        assertThrows(IllegalArgumentException.class, () -> Money.of(1, "ABC"));
    }
}

package dev.coinslot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalletTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    private final Wallet wallet = new Wallet("u1", Credits.of(100), WalletStatus.ACTIVE, 3);

    private static Wallet limited(SpendLimits limits, SpendTally spent) {
        return new Wallet("u1", Credits.of(10_000), WalletStatus.ACTIVE, 7, limits, spent, Optional.empty(), Optional.empty());
    }

    private static Optional<Credits> c(long amount) {
        return Optional.of(Credits.of(amount));
    }

    @Test
    void dailyLimit_allowsUpToTheLimitExactly_andRefusesOneCreditMore() {
        SpendTally spent = new SpendTally(TODAY, Credits.of(60), YearMonth.from(TODAY), Credits.of(60));
        Wallet w = limited(new SpendLimits(Optional.empty(), c(100), Optional.empty(), false), spent);
        assertInstanceOf(Wallet.SpendCheck.Allowed.class, w.checkSpend(Credits.of(40), TODAY));
        Wallet.SpendCheck.OverLimit over = assertInstanceOf(Wallet.SpendCheck.OverLimit.class, w.checkSpend(Credits.of(41), TODAY));
        assertEquals(SpendLimit.DAILY, over.which());
        assertEquals(Credits.of(60), over.spentSoFar());
        assertEquals(Optional.of(Instant.parse("2026-11-21T00:00:00Z")), over.resetsAt());
    }

    @Test
    void dailyTally_fromAnEarlierDay_countsAsZero_butStillCountsForTheMonth() {
        SpendTally yesterday = new SpendTally(TODAY.minusDays(1), Credits.of(100), YearMonth.from(TODAY), Credits.of(450));
        Wallet w = limited(new SpendLimits(Optional.empty(), c(100), c(500), false), yesterday);
        assertInstanceOf(Wallet.SpendCheck.Allowed.class, w.checkSpend(Credits.of(50), TODAY));
        Wallet.SpendCheck.OverLimit over = assertInstanceOf(Wallet.SpendCheck.OverLimit.class, w.checkSpend(Credits.of(51), TODAY));
        assertEquals(SpendLimit.MONTHLY, over.which());
        assertEquals(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), over.resetsAt());
        assertInstanceOf(Wallet.SpendCheck.Allowed.class, w.checkSpend(Credits.of(100), LocalDate.of(2026, 12, 1)));
    }

    @Test
    void perPurchaseLimit_isCheckedBeforeTheBalance_andNeverResets() {
        Wallet w = new Wallet("u1", Credits.of(10), WalletStatus.ACTIVE, 1,
                new SpendLimits(c(99), Optional.empty(), Optional.empty(), true), SpendTally.NONE, Optional.empty(), Optional.empty());
        Wallet.SpendCheck.OverLimit over = assertInstanceOf(Wallet.SpendCheck.OverLimit.class, w.checkSpend(Credits.of(100), TODAY));
        assertEquals(SpendLimit.PER_PURCHASE, over.which());
        assertEquals(Optional.empty(), over.resetsAt());
        assertInstanceOf(Wallet.SpendCheck.Short.class, w.checkSpend(Credits.of(99), TODAY));
    }

    @Test
    void purchase_addsToTheTally_andStartsANewDayAfterMidnight() {
        Wallet w = limited(SpendLimits.NONE, new SpendTally(TODAY.minusDays(1), Credits.of(70), YearMonth.from(TODAY), Credits.of(70)));
        Wallet after = w.purchase(Credits.of(30), TODAY.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC), "purchase:p").after();
        assertEquals(Credits.of(30), after.spent().spentOn(TODAY));
        assertEquals(Credits.of(100), after.spent().spentIn(YearMonth.from(TODAY)));
        assertEquals(8, after.version());
        assertEquals(Credits.of(9_970), after.balance());
    }

    @Test
    void autoTopUpCap_admitsACharge_thatLandsExactlyOnTheCap() {
        YearMonth month = YearMonth.from(TODAY);
        AutoTopUp auto = new AutoTopUp(true, "plus", Money.of(2000, "USD"), month, 1000, 0, Optional.empty());
        assertTrue(auto.allows(Money.of(1000, "USD"), month));
        assertFalse(auto.allows(Money.of(1001, "USD"), month));
        assertTrue(auto.allows(Money.of(2000, "USD"), month.plusMonths(1)), "a new month starts from zero");
        assertFalse(auto.allows(Money.of(500, "EUR"), month), "another currency never fits the cap");
    }

    @Test
    void spend_withinBalance_isAllowedDownToZero() {
        Wallet.SpendCheck check = wallet.checkSpend(Credits.of(100), TODAY);
        assertEquals(Credits.ZERO, assertInstanceOf(Wallet.SpendCheck.Allowed.class, check).balanceAfter());
    }

    @Test
    void spend_beyondBalance_reportsShortfall() {
        assertEquals(Credits.of(1), assertInstanceOf(Wallet.SpendCheck.Short.class, wallet.checkSpend(Credits.of(101), TODAY)).shortfall());
    }

    @Test
    void spend_fromNegativeBalance_shortfallIncludesTheDebt() {
        Wallet negative = new Wallet("u1", Credits.of(-30), WalletStatus.ACTIVE, 5);
        assertEquals(Credits.of(79), assertInstanceOf(Wallet.SpendCheck.Short.class, negative.checkSpend(Credits.of(49), TODAY)).shortfall());
    }

    @Test
    void spend_fromFrozenWallet_isRefusedWhateverTheBalance() {
        assertInstanceOf(Wallet.SpendCheck.Frozen.class, wallet.withStatus(WalletStatus.FROZEN).checkSpend(Credits.of(1), TODAY));
    }

    @Test
    void purchaseEntry_carriesNextSequenceAndBalanceAfter() {
        WalletChange change = wallet.purchase(Credits.of(49), Instant.EPOCH, "purchase:p1");
        LedgerEntry entry = change.entry();
        assertEquals(4, entry.sequence());
        assertEquals(Credits.of(51), entry.balanceAfter());
        assertEquals(change.after().balance(), entry.balanceAfter());
        assertEquals(Credits.of(-49), entry.paidCredits(), "a legacy balance is paid credits");
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

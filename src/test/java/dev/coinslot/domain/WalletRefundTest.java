package dev.coinslot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Wallet#refund}: a refunded purchase's credits go back to the lots it took. */
class WalletRefundTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** 100 paid credits (bought for 100 USD cents) and 20 bonus credits acquired at T0, expiring per {@code expiry}. */
    private static Wallet funded(PromoExpiry expiry) {
        return Wallet.empty("u1").credit(LedgerEntryType.TOP_UP, List.of(Lot.paid(100, Money.of(100, "USD"), T0, "top_1"),
                Lot.promo(LotSource.BONUS, 20, T0, expiry.expiresAt(LotSource.BONUS, T0), "top_1")), "topup:top_1", T0).after();
    }

    private static long cost(Lots lots) {
        return lots.lots().stream().mapToLong(l -> l.cost().map(Money::amountMinor).orElse(0L)).sum();
    }

    @Test
    void refund_returnsCreditsToTheirLots_promoKeepsItsExpiry_paidKeepsItsCost() {
        PromoExpiry expiry = new PromoExpiry(Map.of(LotSource.BONUS, Duration.ofDays(10)));
        Wallet wallet = funded(expiry);
        WalletChange purchase = wallet.purchase(Credits.of(110), T0.plusSeconds(3600), "purchase:pur_1");
        assertEquals(10, purchase.after().balance().amount());
        assertEquals(List.of(Money.of(90, "USD")), LotTake.value(purchase.lots()));

        Wallet.Refund refund = purchase.after().refund(purchase.lots(), Credits.of(110), expiry, "purchase-refund:pur_1",
                T0.plusSeconds(3900));

        assertEquals(Credits.of(110), refund.returned());
        assertEquals(Credits.ZERO, refund.expired());
        Wallet after = refund.change().after();
        assertEquals(120, after.balance().amount());
        assertEquals(100, after.lots().paid().amount());
        assertEquals(20, after.lots().promo().amount());
        assertEquals(100, cost(after.lots()), "the paid lots' cost basis is whole again");
        assertEquals(Optional.of(new Lots.NextExpiry(20, T0.plus(Duration.ofDays(10)))), after.lots().nextExpiry());
        LedgerEntry entry = refund.change().entry();
        assertEquals(LedgerEntryType.PURCHASE_REFUND, entry.type());
        assertEquals(110, entry.amount().amount());
        assertEquals(90, entry.paidCredits().amount());
        assertEquals(20, entry.promoCredits().amount());
        assertEquals(wallet.ledgerSequence() + 2, after.ledgerSequence());
    }

    @Test
    void refund_afterThePromoLotExpired_returnsOnlyThePaidCredits() {
        PromoExpiry expiry = new PromoExpiry(Map.of(LotSource.BONUS, Duration.ofHours(1)));
        WalletChange purchase = funded(expiry).purchase(Credits.of(110), T0.plusSeconds(1800), "purchase:pur_1");

        Wallet.Refund refund = purchase.after().refund(purchase.lots(), Credits.of(110), expiry, "purchase-refund:pur_1",
                T0.plusSeconds(7200));

        assertEquals(Credits.of(90), refund.returned());
        assertEquals(Credits.of(20), refund.expired());
        assertEquals(100, refund.change().after().balance().amount());
        assertEquals(0, refund.change().after().lots().promo().amount());
        assertEquals(100, cost(refund.change().after().lots()));
    }

    @Test
    void refund_ofAPurchaseRecordedBeforeLots_returnsItsTotalAsALegacyLot() {
        Wallet wallet = Wallet.empty("u1");
        Wallet.Refund refund = wallet.refund(List.of(), Credits.of(30), PromoExpiry.NEVER, "purchase-refund:pur_0", T0);
        assertEquals(Credits.of(30), refund.returned());
        assertEquals(30, refund.change().after().balance().amount());
        assertEquals(30, refund.change().after().lots().paid().amount());
    }
}

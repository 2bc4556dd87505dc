package dev.coinslot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LotsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Lot paid(long credits, long priceMinor, Instant at, String origin) {
        return Lot.paid(credits, Money.of(priceMinor, "USD"), at, origin);
    }

    private static Lot promo(LotSource source, long credits, Instant at, Instant expires, String origin) {
        return Lot.promo(source, credits, at, Optional.ofNullable(expires), origin);
    }

    private static Lots of(Lot... lots) {
        Lots result = Lots.EMPTY;
        for (Lot lot : lots) {
            result = result.add(lot).after();
        }
        return result;
    }

    @Test
    void draw_spendsPromoSoonestExpiryFirst_thenNeverExpiringPromo_thenPaidOldestFirst() {
        Lots lots = of(paid(100, 100, T0.plusSeconds(10), "top_new"), paid(100, 100, T0, "top_old"),
                promo(LotSource.GRANT, 10, T0, null, ""), promo(LotSource.BONUS, 10, T0, T0.plus(Duration.ofDays(9)), "top_old"),
                promo(LotSource.REWARD, 10, T0, T0.plus(Duration.ofDays(2)), ""));

        Lots.Change change = lots.draw(135);

        assertEquals(List.of(LotSource.REWARD, LotSource.BONUS, LotSource.GRANT, LotSource.TOPUP, LotSource.TOPUP),
                change.taken().stream().map(LotTake::source).toList());
        assertEquals(List.of(10L, 10L, 10L, 100L, 5L), change.taken().stream().map(LotTake::credits).toList());
        assertEquals(List.of("", "top_old", "", "top_old", "top_new"), change.taken().stream().map(LotTake::origin).toList());
        assertEquals(-105, change.paidCredits());
        assertEquals(-30, change.promoCredits());
        assertEquals(Credits.of(95), change.after().balance());
        assertEquals(List.of(Money.of(105, "USD")), change.value(), "100 + floor(100 × 5 / 100)");
    }

    @Test
    void expiry_isDueAtTheExactSecond_notTheOneBefore() {
        Instant expires = T0.plus(Duration.ofDays(30));
        Lots lots = of(promo(LotSource.BONUS, 40, T0, expires, "top_1"), paid(60, 600, T0, "top_1"));

        assertEquals(0, lots.expire(expires.minusSeconds(1)).credits(), "still spendable one second before");
        Lots.Change expired = lots.expire(expires);
        assertEquals(-40, expired.promoCredits());
        assertEquals(0, expired.paidCredits());
        assertEquals(Credits.of(60), expired.after().balance());
        assertEquals(Optional.of(new Lots.NextExpiry(40, expires)), lots.nextExpiry());
    }

    @Test
    void wallet_checkSpend_atTheExpirySecond_doesNotCountTheLapsedCredits_andThePurchaseExpiresThemFirst() {
        Instant expires = T0.plus(Duration.ofDays(30));
        Wallet wallet = Wallet.empty("u").credit(LedgerEntryType.TOP_UP, List.of(paid(50, 500, T0, "top_1"),
                promo(LotSource.BONUS, 10, T0, expires, "top_1")), "topup:top_1", T0).after();

        assertTrue(wallet.checkSpend(Credits.of(60), expires.minusSeconds(1)) instanceof Wallet.SpendCheck.Allowed);
        assertEquals(new Wallet.SpendCheck.Short(Credits.of(10)), wallet.checkSpend(Credits.of(60), expires));

        WalletChange change = wallet.purchase(Credits.of(20), expires, "purchase:p");
        assertEquals(List.of(LedgerEntryType.EXPIRY, LedgerEntryType.PURCHASE), change.entries().stream().map(LedgerEntry::type).toList());
        assertEquals(Credits.of(-10), change.expiry().orElseThrow().promoCredits());
        assertEquals(Credits.of(-20), change.entry().paidCredits());
        assertEquals(List.of(2L, 3L), change.entries().stream().map(LedgerEntry::sequence).toList());
        assertEquals(Credits.of(30), change.after().balance());
        assertEquals(wallet.version() + 1, change.after().version(), "one write");
    }

    /** Property: however a paid lot is consumed, the recognised amounts add up to exactly its price. */
    @Test
    void recognisedRevenue_overAPaidLotsLife_isExactlyItsPrice_forRandomPurchaseSequences() {
        Random random = new Random(20261207);
        for (int run = 0; run < 2_000; run++) {
            long credits = 1 + random.nextInt(5_000);
            long price = random.nextInt(100_000);
            Lots lots = of(paid(credits, price, T0, "top_x"));
            long recognised = 0;
            while (lots.balance().isPositive()) {
                long take = 1 + (long) random.nextInt((int) Math.min(lots.balance().amount(), 1 + random.nextInt(700)));
                Lot lot = lots.lots().get(0);
                Lots.Change change = lots.draw(take);
                long value = change.value().stream().mapToLong(Money::amountMinor).sum();
                if (take < lot.credits()) {
                    assertEquals(Math.floorDiv(lot.cost().orElseThrow().amountMinor() * take, lot.credits()), value,
                            "floor(remaining cost × taken / remaining credits)");
                }
                recognised += value;
                lots = change.after();
            }
            assertEquals(price, recognised, "run " + run + ": " + credits + " credits for " + price);
        }
    }

    @Test
    void recognisedRevenue_ofMergedPaidLots_isExactlyTheirSummedPrices() {
        Lots lots = Lots.EMPTY;
        long prices = 0;
        for (int i = 0; i < Lots.MAX_LOTS + 5; i++) {
            long price = 333 + i;
            prices += price;
            lots = lots.add(paid(7 + i, price, T0.plusSeconds(i), "top_" + i)).after();
        }
        assertTrue(lots.lots().size() <= Lots.MAX_LOTS);
        long recognised = 0;
        while (lots.balance().isPositive()) {
            Lots.Change change = lots.draw(Math.min(3, lots.balance().amount()));
            recognised += change.value().stream().mapToLong(Money::amountMinor).sum();
            lots = change.after();
        }
        assertEquals(prices, recognised);
    }

    @Test
    void clawBack_takesTheTopUpsOwnLotsFirst_thenTheOthers_thenLeavesDebt_whichTheNextCreditSettles() {
        Lots lots = of(paid(100, 1000, T0, "top_a"), paid(50, 500, T0.plusSeconds(1), "top_b"),
                promo(LotSource.BONUS, 20, T0.plusSeconds(1), null, "top_b"));

        Lots.Change own = lots.clawBack("top_b", 60);
        assertEquals(List.of("top_b", "top_b"), own.taken().stream().map(LotTake::origin).toList());
        assertEquals(-20, own.promoCredits());
        assertEquals(-40, own.paidCredits());
        assertEquals(Credits.of(110), own.after().balance());

        Lots.Change beyond = lots.clawBack("top_b", 200);
        assertEquals(Credits.of(-30), beyond.after().balance(), "what was spent makes the wallet negative");
        assertEquals(30, beyond.after().debt());
        assertEquals(-180, beyond.paidCredits(), "the debt counts as paid credits taken");
        assertEquals(-20, beyond.promoCredits());

        Lots.Change settle = beyond.after().add(promo(LotSource.GRANT, 50, T0, null, ""));
        assertEquals(Credits.of(20), settle.after().balance());
        assertEquals(0, settle.after().debt());
        assertEquals(30, settle.paidCredits(), "settling the debt restores paid credits");
        assertEquals(20, settle.promoCredits());
    }

    @Test
    void lotCount_isBounded_byMergesThatNeverTakeACreditOrShortenAnExpiry() {
        Lots lots = Lots.EMPTY;
        long credits = 0;
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            Lot lot = switch (random.nextInt(3)) {
                case 0 -> paid(1 + random.nextInt(100), random.nextInt(1000), T0.plusSeconds(i), "top_" + i);
                case 1 -> promo(LotSource.BONUS, 1 + random.nextInt(100), T0, T0.plus(Duration.ofDays(1 + random.nextInt(400))),
                        "top_" + i);
                default -> promo(LotSource.GRANT, 1 + random.nextInt(100), T0, T0.plus(Duration.ofHours(1 + random.nextInt(48))), "");
            };
            credits += lot.credits();
            Lots before = lots;
            lots = lots.add(lot).after();
            assertTrue(lots.lots().size() <= Lots.MAX_LOTS, "at most " + Lots.MAX_LOTS + " lots: " + lots);
            assertEquals(credits, lots.balance().amount(), "no credit lost in a merge");
            for (Lot old : before.lots()) {
                if (old.expiresAt().isPresent()) {
                    Instant was = old.expiresAt().get();
                    long lapsingByThen = lots.lots().stream().filter(l -> l.kind() == LotKind.PROMO && l.expiredAt(was))
                            .mapToLong(Lot::credits).sum();
                    long lapsingBefore = before.lots().stream().filter(l -> l.kind() == LotKind.PROMO && l.expiredAt(was))
                            .mapToLong(Lot::credits).sum();
                    assertTrue(lapsingByThen <= lapsingBefore + (lot.expiredAt(was) ? lot.credits() : 0),
                            "a merge never makes credits lapse sooner");
                }
            }
        }
    }

    @Test
    void promoLots_ofTheSameSourceAndExpiryDay_merge_keepingTheLaterExpiry() {
        Instant morning = Instant.parse("2027-01-05T08:00:00Z");
        Instant evening = Instant.parse("2027-01-05T20:00:00Z");
        Lots lots = of(promo(LotSource.BONUS, 10, T0, morning, "top_1"), promo(LotSource.BONUS, 5, T0, evening, "top_2"));
        assertEquals(1, lots.lots().size());
        assertEquals(Optional.of(evening), lots.lots().get(0).expiresAt());
        assertEquals(15, lots.lots().get(0).credits());
    }

    @Test
    void legacyBalance_isOnePaidLotOfUnknownCost_orDebt() {
        Lots legacy = Lots.legacy(Credits.of(250));
        assertEquals(List.of(LotSource.LEGACY), legacy.lots().stream().map(Lot::source).toList());
        assertEquals(Optional.empty(), legacy.lots().get(0).cost());
        assertEquals(List.of(), legacy.draw(100).value(), "unknown cost recognises nothing");
        assertEquals(40, Lots.legacy(Credits.of(-40)).debt());
        assertEquals(Credits.of(250), new Wallet("u", Credits.of(250), WalletStatus.ACTIVE, 3).lots().balance());
    }

    @Test
    void lots_refuseInvalidShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Lot(LotSource.TOPUP, 5, Optional.empty(), T0, Optional.empty(), ""));
        assertThrows(IllegalArgumentException.class, () -> new Lot(LotSource.TOPUP, 5, Optional.of(Money.of(5, "USD")), T0,
                Optional.of(T0), ""), "paid credits never expire");
        assertThrows(IllegalArgumentException.class, () -> new Lot(LotSource.BONUS, 0, Optional.empty(), T0, Optional.empty(), ""));
        assertThrows(IllegalArgumentException.class, () -> of(paid(5, 5, T0, "")).draw(6));
        assertThrows(InvalidConfigurationException.class, () -> new PromoExpiry(Map.of(LotSource.TOPUP, Duration.ofDays(1))));
    }
}

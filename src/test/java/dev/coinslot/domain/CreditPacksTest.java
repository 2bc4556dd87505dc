package dev.coinslot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CreditPacksTest {

    private static CreditPack pack(String id, long minor, String currency, long credits, long bonus) {
        return new CreditPack(id, Money.of(minor, currency), Credits.of(credits), Credits.of(bonus));
    }

    private final CreditPacks packs = CreditPacks.of("USD", List.of(
            pack("max", 2000, "USD", 2000, 400), pack("starter", 500, "USD", 500, 0), pack("plus", 1000, "USD", 1000, 100)));

    @Test
    void smallestCovering_picksCheapestPackWithEnoughCredits() {
        assertEquals("starter", packs.smallestCovering(Credits.of(1)).orElseThrow().id());
        assertEquals("starter", packs.smallestCovering(Credits.of(500)).orElseThrow().id());
        assertEquals("plus", packs.smallestCovering(Credits.of(501)).orElseThrow().id());
        assertEquals("max", packs.smallestCovering(Credits.of(2400)).orElseThrow().id());
        assertTrue(packs.smallestCovering(Credits.of(2401)).isEmpty());
    }

    @Test
    void pricePer100Credits_includesBonus() {
        assertEquals(100, packs.find("starter").orElseThrow().pricePer100CreditsMinor());
        assertEquals(91, packs.find("plus").orElseThrow().pricePer100CreditsMinor());
        assertEquals(83, packs.find("max").orElseThrow().pricePer100CreditsMinor());
    }

    @Test
    void packBelowStripeMinimum_orNotPositive_orOtherCurrency_failsStartUp() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> CreditPacks.of("USD",
                List.of(pack("tiny", 49, "USD", 49, 0), pack("zero", 0, "USD", 10, 0), pack("nocredits", 500, "USD", 0, 0),
                        pack("euro", 500, "EUR", 500, 0))));
        String m = e.getMessage();
        assertTrue(m.contains("pack 'tiny': price 0.49 USD is below the minimum card charge 0.50 USD"), m);
        assertTrue(m.contains("pack 'zero': price must be positive"), m);
        assertTrue(m.contains("pack 'nocredits': base credits must be positive"), m);
        assertTrue(m.contains("pack 'euro': currency EUR differs from the deployment's USD"), m);
    }

    @Test
    void minimumCharge_isPerCurrency() {
        assertThrows(InvalidConfigurationException.class, () -> CreditPacks.of("GBP", List.of(pack("p", 29, "GBP", 10, 0))));
        assertEquals(1, CreditPacks.of("GBP", List.of(pack("p", 30, "GBP", 10, 0))).all().size());
        assertEquals(1, CreditPacks.of("JPY", List.of(pack("p", 50, "JPY", 10, 0))).all().size());
        assertThrows(InvalidConfigurationException.class, () -> CreditPacks.of("XXX", List.of()));
    }

    @Test
    void packsInFurtherCurrencies_areListedPerCurrency_zeroDecimalJpyInWholeYen() {
        CreditPacks multi = CreditPacks.of("USD", List.of(
                new CreditPack("plus", Money.of(1000, "USD"), Credits.of(1000), Credits.of(100),
                        List.of(Money.of(950, "EUR"), Money.of(1500, "JPY"))),
                new CreditPack("starter", Money.of(500, "USD"), Credits.of(500), Credits.ZERO,
                        List.of(Money.of(500, "EUR"), Money.of(50, "JPY")))));

        assertEquals(List.of("USD", "EUR", "JPY"), multi.currencies());
        assertEquals(List.of(Money.of(50, "JPY"), Money.of(1500, "JPY")),
                multi.in("JPY").stream().map(CreditPack::price).toList(), "cheapest first, 50 yen is Stripe's minimum");
        assertEquals(Credits.of(1100), multi.in("EUR").get(1).totalCredits(), "credits do not depend on the currency");
        assertEquals(List.of(), multi.in("GBP"));
    }

    @Test
    void furtherPrices_belowTheirMinimum_unknown_twice_orNotForEveryPack_failStartUp() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> CreditPacks.of("USD", List.of(
                new CreditPack("a", Money.of(500, "USD"), Credits.of(500), Credits.ZERO,
                        List.of(Money.of(49, "JPY"), Money.of(29, "GBP"), Money.of(500, "ISK"), Money.of(600, "EUR"),
                                Money.of(700, "EUR"))),
                new CreditPack("b", Money.of(500, "USD"), Credits.of(500), Credits.ZERO, List.of(Money.of(500, "EUR"))))));
        String m = e.getMessage();
        assertTrue(m.contains("pack 'a': price 49 JPY is below the minimum card charge 50 JPY"), m);
        assertTrue(m.contains("pack 'a': price 0.29 GBP is below the minimum card charge 0.30 GBP"), m);
        assertTrue(m.contains("pack 'a': currency 'ISK' has no known minimum card charge"), m);
        assertTrue(m.contains("pack 'a': priced twice in EUR"), m);
        assertTrue(m.contains("every pack must be priced in the same currencies"), m);
    }
}

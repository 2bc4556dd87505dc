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
}

package dev.coinslot.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The published odds and the draw agree: 100,000 draws from {@link SecureRandom} (the production source, here a
 * seeded SHA1PRNG so the run is repeatable) pass Pearson's chi-square goodness-of-fit test against the published
 * weights at significance 0.001; a draw that favours one outcome fails the same test.
 */
class ChanceTest {

    static final List<ChanceOutcome> OUTCOMES = List.of(new ChanceOutcome("common", 70), new ChanceOutcome("rare", 25),
            new ChanceOutcome("epic", 4), new ChanceOutcome("legendary", 1));
    static final int DRAWS = 100_000;
    /** Chi-square critical value for 3 degrees of freedom (4 outcomes) at significance 0.001. */
    static final double CRITICAL_DF3_P001 = 16.266;

    @Test
    void odds_arePercentagesOfTheTotalWeight() {
        List<Chance.Odds> odds = Chance.odds(OUTCOMES);
        assertEquals(List.of(new BigDecimal("70.00"), new BigDecimal("25.00"), new BigDecimal("4.00"), new BigDecimal("1.00")),
                odds.stream().map(Chance.Odds::percent).toList());
        assertEquals(new BigDecimal("33.33"), Chance.odds(List.of(new ChanceOutcome("a", 1), new ChanceOutcome("b", 2)))
                .get(0).percent());
    }

    @Test
    void draws_matchThePublishedOdds_chiSquare() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(20261207L);
        Map<String, Integer> observed = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            observed.merge(Chance.draw(OUTCOMES, random), 1, Integer::sum);
        }
        double chi = chiSquare(observed);
        assertTrue(chi < CRITICAL_DF3_P001, "chi-square " + chi + " for " + observed);
    }

    @Test
    void chiSquare_rejectsADrawThatIsOffByOnePercentagePoint() throws NoSuchAlgorithmException {
        // what the draw would be if "legendary" were twice as likely as published (2 % instead of 1 %)
        List<ChanceOutcome> skewed = List.of(new ChanceOutcome("common", 69), new ChanceOutcome("rare", 25),
                new ChanceOutcome("epic", 4), new ChanceOutcome("legendary", 2));
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(20261207L);
        Map<String, Integer> observed = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            observed.merge(Chance.draw(skewed, random), 1, Integer::sum);
        }
        assertTrue(chiSquare(observed) > CRITICAL_DF3_P001, "the test must be able to fail: " + observed);
    }

    @Test
    void draw_refusesOutcomesWithoutPositiveWeights() {
        assertThrows(IllegalArgumentException.class, () -> Chance.draw(List.of(), new SecureRandom()));
        assertThrows(IllegalArgumentException.class,
                () -> Chance.draw(List.of(new ChanceOutcome("a", 0), new ChanceOutcome("b", 3)), new SecureRandom()));
    }

    private static double chiSquare(Map<String, Integer> observed) {
        long total = OUTCOMES.stream().mapToLong(ChanceOutcome::weight).sum();
        double chi = 0;
        for (ChanceOutcome o : OUTCOMES) {
            double expected = (double) DRAWS * o.weight() / total;
            double diff = observed.getOrDefault(o.skuId(), 0) - expected;
            chi += diff * diff / expected;
        }
        return chi;
    }
}

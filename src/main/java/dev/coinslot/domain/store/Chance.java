package dev.coinslot.domain.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The published odds and the draw of a chance SKU. Weights are positive integers (the catalog validates that); the
 * probability of an outcome is its weight over the sum of weights. The draw takes its randomness from the caller
 * ({@code SecureRandom} in production), so tests can check the frequencies against the published odds.
 */
public final class Chance {

    private Chance() {
    }

    /** One outcome's published probability, in percent, rounded to two decimals. */
    public record Odds(String skuId, int weight, BigDecimal percent) {
    }

    public static List<Odds> odds(List<ChanceOutcome> outcomes) {
        long total = totalWeight(outcomes);
        List<Odds> odds = new ArrayList<>(outcomes.size());
        for (ChanceOutcome o : outcomes) {
            odds.add(new Odds(o.skuId(), o.weight(), BigDecimal.valueOf(o.weight() * 100L)
                    .divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_EVEN)));
        }
        return odds;
    }

    /** Draws one outcome: outcome i with probability weight(i) / total weight. */
    public static String draw(List<ChanceOutcome> outcomes, RandomGenerator random) {
        long total = totalWeight(outcomes);
        long pick = random.nextLong(total);
        for (ChanceOutcome o : outcomes) {
            pick -= o.weight();
            if (pick < 0) {
                return o.skuId();
            }
        }
        throw new IllegalStateException("draw beyond the total weight");
    }

    private static long totalWeight(List<ChanceOutcome> outcomes) {
        long total = outcomes.stream().mapToLong(ChanceOutcome::weight).sum();
        if (outcomes.isEmpty() || total <= 0 || outcomes.stream().anyMatch(o -> o.weight() <= 0)) {
            throw new IllegalArgumentException("a chance needs outcomes with positive weights");
        }
        return total;
    }
}

package dev.coinslot.domain.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an experiment showed: per variant, exposed users, converters (exposed users who bought the SKU), conversion
 * with its 95% Wilson interval and revenue per exposed user; and a verdict. Each treatment is compared with the
 * control by a two-sided two-proportion z-test at {@code alpha / (variants - 1)} (Bonferroni), and a winner is named
 * only when every variant reached {@code minSample} exposed users and a difference is significant.
 */
public record ExperimentReport(String experimentId, List<Row> variants, Verdict verdict) {

    /**
     * Counts for one variant: exposed users, converters (exposed users who bought the SKU while it ran), the credits
     * they spent on it and, where known, the money those credits recognised, per currency.
     */
    public record Tally(long exposed, long converters, long credits, Map<String, Long> revenueMinor) {
        public static final Tally NONE = new Tally(0, 0, 0, Map.of());

        public Tally {
            if (exposed < 0 || converters < 0 || converters > exposed || credits < 0) {
                throw new IllegalArgumentException("converters must be between 0 and exposed: " + converters + "/" + exposed);
            }
            revenueMinor = Map.copyOf(revenueMinor);
        }
    }

    /** {@code pValue} is against the control (null for the control itself). */
    public record Row(String name, long priceCredits, long exposed, long converters, double conversion,
            double conversionLow, double conversionHigh, double creditsPerExposed, Map<String, Double> revenuePerExposedMinor,
            Double pValue) {
    }

    public sealed interface Verdict {
        record Winner(String variant, double pValue) implements Verdict {
        }

        record NoSignificantDifference(double smallestPValue, double threshold) implements Verdict {
        }

        record NotEnoughData(long minSample, long smallestSample) implements Verdict {
        }
    }

    private static final double Z95 = 1.959963984540054;

    public static ExperimentReport of(Experiment experiment, Map<String, Tally> tallies, long minSample, double alpha) {
        if (!(alpha > 0 && alpha < 1) || minSample < 1) {
            throw new IllegalArgumentException("alpha in (0, 1) and minSample >= 1 required");
        }
        List<Row> rows = new ArrayList<>();
        Tally control = tallies.getOrDefault(experiment.control().name(), Tally.NONE);
        long smallest = Long.MAX_VALUE;
        for (Variant v : experiment.variants()) {
            Tally t = tallies.getOrDefault(v.name(), Tally.NONE);
            smallest = Math.min(smallest, t.exposed());
            double[] ci = wilson(t.converters(), t.exposed());
            Map<String, Double> perExposed = new java.util.TreeMap<>();
            t.revenueMinor().forEach((currency, minor) ->
                    perExposed.put(currency, t.exposed() == 0 ? 0.0 : (double) minor / t.exposed()));
            Double p = v == experiment.control() ? null : twoProportionP(control, t);
            double creditsPerExposed = t.exposed() == 0 ? 0 : (double) t.credits() / t.exposed();
            rows.add(new Row(v.name(), v.priceCredits(), t.exposed(), t.converters(), rate(t), ci[0], ci[1],
                    creditsPerExposed, perExposed, p));
        }
        double threshold = alpha / (experiment.variants().size() - 1);
        return new ExperimentReport(experiment.id(), rows, verdict(rows, minSample, smallest, threshold));
    }

    private static Verdict verdict(List<Row> rows, long minSample, long smallest, double threshold) {
        if (smallest < minSample) {
            return new Verdict.NotEnoughData(minSample, smallest);
        }
        Row control = rows.get(0);
        Row best = null;
        boolean allWorse = true;
        double smallestP = 1;
        for (Row r : rows.subList(1, rows.size())) {
            smallestP = Math.min(smallestP, r.pValue());
            boolean significant = r.pValue() < threshold;
            if (significant && r.conversion() > control.conversion()
                    && (best == null || r.conversion() > best.conversion())) {
                best = r;
            }
            allWorse &= significant && r.conversion() < control.conversion();
        }
        if (best != null) {
            return new Verdict.Winner(best.name(), best.pValue());
        }
        if (allWorse) {
            return new Verdict.Winner(control.name(), smallestP);
        }
        return new Verdict.NoSignificantDifference(smallestP, threshold);
    }

    static double rate(Tally t) {
        return t.exposed() == 0 ? 0 : (double) t.converters() / t.exposed();
    }

    /** Wilson score interval at 95%; [0, 0] with no exposures. */
    static double[] wilson(long successes, long n) {
        if (n == 0) {
            return new double[] {0, 0};
        }
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Two-sided p-value of the pooled two-proportion z-test; 1 when either side has no exposures or no variance. */
    static double twoProportionP(Tally a, Tally b) {
        if (a.exposed() == 0 || b.exposed() == 0) {
            return 1;
        }
        double pooled = (double) (a.converters() + b.converters()) / (a.exposed() + b.exposed());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.exposed() + 1.0 / b.exposed()));
        if (se == 0) {
            return 1;
        }
        double z = Math.abs(rate(a) - rate(b)) / se;
        return erfc(z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

package dev.coinslot.domain.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.experiment.ExperimentReport.Tally;
import dev.coinslot.domain.experiment.ExperimentReport.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {

    private static final Experiment AB = new Experiment("price", "sticker",
            List.of(new Variant("control", 49, 1), new Variant("b", 45, 1)),
            Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-15T00:00:00Z"), Optional.empty());

    @Test
    void erfcAndWilsonMatchPublishedValues() {
        assertEquals(1.0, ExperimentReport.erfc(0), 1e-7);
        assertEquals(0.157299207, ExperimentReport.erfc(1), 1e-7);
        assertEquals(0.05, ExperimentReport.erfc(1.959963984540054 / Math.sqrt(2)), 1e-6);
        assertEquals(1.842700793, ExperimentReport.erfc(-1), 1e-7);
        double[] ci = ExperimentReport.wilson(10, 100);
        assertEquals(0.0552, ci[0], 1e-4);
        assertEquals(0.1744, ci[1], 1e-4);
        assertEquals(0.0, ExperimentReport.wilson(0, 0)[1]);
    }

    @Test
    void rowsCarryConversionIntervalRevenueAndPValueAgainstTheControl() {
        ExperimentReport report = ExperimentReport.of(AB, Map.of(
                "control", new Tally(1000, 100, 4900, Map.of("USD", 4900L)),
                "b", new Tally(1000, 150, 6750, Map.of("USD", 6750L))), 500, 0.05);
        ExperimentReport.Row control = report.variants().get(0);
        ExperimentReport.Row b = report.variants().get(1);
        assertNull(control.pValue());
        assertEquals(0.10, control.conversion(), 1e-12);
        assertEquals(4.9, control.revenuePerExposedMinor().get("USD"), 1e-12);
        assertEquals(6.75, b.revenuePerExposedMinor().get("USD"), 1e-12);
        assertEquals(4.9, control.creditsPerExposed(), 1e-12);
        assertTrue(control.conversionLow() < 0.10 && control.conversionHigh() > 0.10);
        // z = 0.05 / sqrt(0.125 * 0.875 * 2 / 1000) = 3.3806; two-sided p = 0.000723
        assertEquals(0.000723, b.pValue(), 2e-6);
        assertEquals(new Verdict.Winner("b", b.pValue()), report.verdict());
    }

    @Test
    void noWinnerBelowTheMinimumSample() {
        ExperimentReport report = ExperimentReport.of(AB, Map.of(
                "control", new Tally(400, 10, 490, Map.of()), "b", new Tally(90, 60, 2700, Map.of())), 100, 0.05);
        assertEquals(new Verdict.NotEnoughData(100, 90), report.verdict());
    }

    @Test
    void aPlantedThirtyPercentLiftIsFoundAndAnAaTestStaysWithinItsFalsePositiveRate() {
        int found = 0;
        for (long seed = 1; seed <= 20; seed++) {
            if (ExperimentReport.of(AB, simulate(seed, 0.10, 0.13, 6000), 1000, 0.05).verdict()
                    instanceof Verdict.Winner w && w.variant().equals("b")) {
                found++;
            }
        }
        // power at 6,000 users per arm for 10% vs 13% is about 0.99
        assertTrue(found >= 18, "planted lift found in " + found + " of 20 seeds");

        int falsePositives = 0;
        int seeds = 400;
        for (long seed = 1; seed <= seeds; seed++) {
            Verdict v = ExperimentReport.of(AB, simulate(1000 + seed, 0.10, 0.10, 3000), 1000, 0.05).verdict();
            if (v instanceof Verdict.Winner) {
                falsePositives++;
            } else {
                assertInstanceOf(Verdict.NoSignificantDifference.class, v);
            }
        }
        // expected 5% = 20 of 400; binomial sd 4.4, so 36 is beyond +3.5 sd
        assertTrue(falsePositives <= 36, "A/A false positives " + falsePositives + " of " + seeds);
    }

    private static Map<String, Tally> simulate(long seed, double controlRate, double bRate, int perArm) {
        SplittableRandom random = new SplittableRandom(seed);
        long c = 0;
        long b = 0;
        for (int i = 0; i < perArm; i++) {
            c += random.nextDouble() < controlRate ? 1 : 0;
            b += random.nextDouble() < bRate ? 1 : 0;
        }
        return Map.of("control", new Tally(perArm, c, c * 49, Map.of()), "b", new Tally(perArm, b, b * 45, Map.of()));
    }
}

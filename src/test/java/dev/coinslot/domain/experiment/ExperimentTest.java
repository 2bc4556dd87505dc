package dev.coinslot.domain.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExperimentTest {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-15T00:00:00Z");

    private static Experiment experiment(String id, Variant... variants) {
        return new Experiment(id, "sticker", List.of(variants), START, END, Optional.empty());
    }

    @Test
    void assignmentIsStickyAndIndependentOfTheInstance() {
        Experiment a = experiment("sticker-price", new Variant("control", 49, 1), new Variant("b", 45, 1));
        Experiment b = experiment("sticker-price", new Variant("control", 49, 1), new Variant("b", 45, 1));
        for (int u = 0; u < 1000; u++) {
            String user = "user-" + u;
            assertEquals(a.variantFor(user), b.variantFor(user));
            assertEquals(a.variantFor(user), a.variantFor(user));
        }
        // another experiment id reshuffles users: not every user lands in the same arm of both
        Experiment other = experiment("other", new Variant("control", 49, 1), new Variant("b", 45, 1));
        long same = java.util.stream.IntStream.range(0, 1000)
                .filter(u -> other.variantFor("user-" + u).name().equals(a.variantFor("user-" + u).name())).count();
        assertTrue(same > 400 && same < 600, "independent assignment, got " + same + " of 1000 alike");
    }

    @Test
    void usersSplitByWeightWithinChiSquareBounds() {
        Experiment e = experiment("split", new Variant("control", 49, 6), new Variant("b", 45, 3), new Variant("c", 39, 1));
        Map<String, Integer> counts = new HashMap<>();
        int n = 100_000;
        for (int u = 0; u < n; u++) {
            counts.merge(e.variantFor("u" + u).name(), 1, Integer::sum);
        }
        double chi2 = 0;
        for (Variant v : e.variants()) {
            double expected = n * v.weight() / 10.0;
            double d = counts.getOrDefault(v.name(), 0) - expected;
            chi2 += d * d / expected;
        }
        // 2 degrees of freedom: the 0.999 quantile is 13.82
        assertTrue(chi2 < 13.82, "chi-square " + chi2 + " counts " + counts);
    }

    @Test
    void runsFromTheStartSecondUntilTheEndSecondOrAStop() {
        Experiment e = experiment("window", new Variant("control", 49, 1), new Variant("b", 45, 1));
        assertFalse(e.runningAt(START.minusSeconds(1)));
        assertTrue(e.runningAt(START));
        assertTrue(e.runningAt(END.minusNanos(1)));
        assertFalse(e.runningAt(END));
        Instant stop = START.plusSeconds(3600);
        Experiment stopped = e.stop(stop);
        assertTrue(stopped.runningAt(stop.minusSeconds(1)));
        assertFalse(stopped.runningAt(stop));
        assertEquals(stopped, stopped.stop(stop.plusSeconds(5)), "a second stop keeps the first time");
        assertEquals("control", e.control().name());
    }

    @Test
    void definitionsAreValidatedAsAWhole() {
        assertEquals(List.of(), Experiment.problems("x", "sku", List.of(new Variant("a", 1, 1), new Variant("b", 2, 1)),
                START, END));
        List<String> problems = Experiment.problems("Bad Id", "", List.of(new Variant("a", 0, 0), new Variant("a", 5, 1)),
                END, START);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("id must match")), problems.toString());
        assertTrue(problems.contains("sku is required"), problems.toString());
        assertTrue(problems.contains("variant 'a' is defined twice"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("priceCredits must be between")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("weight must be between")), problems.toString());
        assertTrue(problems.contains("startsAt must be before endsAt"), problems.toString());
        assertEquals(List.of("an experiment has 2 to 8 variants"),
                Experiment.problems("x", "sku", List.of(new Variant("a", 1, 1)), START, END));
        assertThrows(IllegalArgumentException.class, () -> experiment("x", new Variant("a", 1, 1)));
    }
}

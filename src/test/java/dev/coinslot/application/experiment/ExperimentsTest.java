package dev.coinslot.application.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.experiment.Experiments.Defined;
import dev.coinslot.application.port.ExperimentStore;
import dev.coinslot.domain.experiment.ExperimentReport;
import dev.coinslot.domain.experiment.Variant;
import dev.coinslot.support.fakes.InMemoryExperimentStore;
import dev.coinslot.support.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExperimentsTest {

    private static final Instant T0 = Instant.parse("2026-12-10T00:00:00Z");
    private static final List<Variant> VARIANTS = List.of(new Variant("control", 49, 1), new Variant("b", 45, 1));

    private final MutableClock clock = new MutableClock(T0.minusSeconds(30));
    private final InMemoryExperimentStore store = new InMemoryExperimentStore();

    private Experiments instance() {
        return new Experiments(store, Set.of("sticker", "badge")::contains, clock, Duration.ofSeconds(60),
                new Experiments.ReportSettings(2, 0.05));
    }

    @Test
    void definitionsAreCheckedBeforeTheyAreStored() {
        Experiments experiments = instance();
        assertInstanceOf(Defined.Invalid.class, experiments.define("e1", "sticker", List.of(new Variant("a", 1, 1)), T0,
                T0.plusSeconds(60), "op"));
        assertEquals(new Defined.UnknownSku("nope"), experiments.define("e1", "nope", VARIANTS, T0, T0.plusSeconds(60), "op"));
        Defined created = experiments.define("e1", "sticker", VARIANTS, T0, T0.plusSeconds(3600), "op");
        assertInstanceOf(ExperimentStore.Saved.Created.class, ((Defined.Saved) created).saved());
        assertEquals(new Defined.Overlaps("e1"),
                experiments.define("e2", "sticker", VARIANTS, T0.plusSeconds(1800), T0.plusSeconds(7200), "op"));
        // back to back is not an overlap, nor is another SKU
        assertInstanceOf(Defined.Saved.class, experiments.define("e2", "sticker", VARIANTS, T0.plusSeconds(3600),
                T0.plusSeconds(7200), "op"));
        assertInstanceOf(Defined.Saved.class, experiments.define("e3", "badge", VARIANTS, T0, T0.plusSeconds(60), "op"));
    }

    @Test
    void usersPayTheirStickyVariantOnlyWhileItRunsAndEveryInstanceAgrees() {
        Experiments admin = instance();
        Experiments other = instance();
        assertEquals(Optional.empty(), other.assignment("sticker", "u1", T0)); // caches "no experiments" now
        admin.define("e1", "sticker", VARIANTS, T0, T0.plusSeconds(3600), "op");
        clock.set(T0);
        assertEquals(Optional.empty(), other.assignment("sticker", "u1", T0), "the other instance's cache is fresh for 60 s");
        clock.advance(Duration.ofSeconds(31));
        Instant at = clock.instant();
        Experiments.Assignment a = other.assignment("sticker", "u1", at).orElseThrow();
        assertEquals(a, admin.assignment("sticker", "u1", at).orElseThrow());
        assertEquals("e1", a.experimentId());
        int b = 0;
        for (int u = 0; u < 200; u++) {
            b += admin.assignment("sticker", "user" + u, at).orElseThrow().variant().name().equals("b") ? 1 : 0;
        }
        assertTrue(b > 70 && b < 130, "about half in b: " + b);
        assertEquals(Optional.empty(), admin.assignment("sticker", "u1", T0.plusSeconds(3600)), "ends at the exact second");
        assertEquals(Optional.empty(), admin.assignment("badge", "u1", at));
        admin.stop("e1", "op");
        assertEquals(Optional.empty(), admin.assignment("sticker", "u1", clock.instant()), "stopped at once here");
    }

    @Test
    void exposuresAreWrittenOncePerInstanceAndReportedPerVariant() {
        AtomicInteger writes = new AtomicInteger();
        Experiments experiments = new Experiments(new CountingStore(store, writes), Set.of("sticker")::contains, clock,
                Duration.ofSeconds(60), new Experiments.ReportSettings(2, 0.05));
        experiments.define("e1", "sticker", VARIANTS, T0, T0.plusSeconds(3600), "op");
        clock.set(T0);
        for (int i = 0; i < 3; i++) {
            experiments.exposed("u1", List.of("sticker", "badge"), T0);
        }
        experiments.exposed("u2", List.of("sticker"), T0);
        assertEquals(2, writes.get());
        String v1 = experiments.assignment("sticker", "u1", T0).orElseThrow().variant().name();
        // a committed purchase's conversion (counted by the checkout's transaction: InMemoryWalletStore, DynamoDbWalletStore)
        store.recordConversion("e1", "u1", v1, 49, T0);
        ExperimentReport report = experiments.report("e1").orElseThrow();
        long exposed = report.variants().stream().mapToLong(ExperimentReport.Row::exposed).sum();
        long converters = report.variants().stream().mapToLong(ExperimentReport.Row::converters).sum();
        assertEquals(2, exposed);
        assertEquals(1, converters);
        assertInstanceOf(ExperimentReport.Verdict.NotEnoughData.class, report.verdict());
        assertEquals(Optional.empty(), experiments.report("nope"));
    }

    /** Counts exposure writes on the way to the store. */
    private record CountingStore(InMemoryExperimentStore store, AtomicInteger writes) implements ExperimentStore {
        public Saved save(dev.coinslot.domain.experiment.Experiment e, String op, Instant now) {
            return store.save(e, op, now);
        }

        public Optional<dev.coinslot.domain.experiment.Experiment> stop(String id, String op, Instant at) {
            return store.stop(id, op, at);
        }

        public Optional<dev.coinslot.domain.experiment.Experiment> find(String id) {
            return store.find(id);
        }

        public List<dev.coinslot.domain.experiment.Experiment> all() {
            return store.all();
        }

        public void recordExposure(String id, String user, String variant, Instant at) {
            writes.incrementAndGet();
            store.recordExposure(id, user, variant, at);
        }

        public Map<String, ExperimentReport.Tally> tallies(String id) {
            return store.tallies(id);
        }
    }
}

package dev.coinslot.application.experiment;

import dev.coinslot.application.port.ExperimentStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.experiment.Experiment;
import dev.coinslot.domain.experiment.ExperimentReport;
import dev.coinslot.domain.experiment.Variant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Price experiments: the operator defines and stops them; the storefront and checkout ask which price a user gets.
 * Definitions are read through a per-instance cache refreshed at most every {@code refresh} (one query), so pricing a
 * checkout adds no DynamoDB request; a new or stopped experiment reaches every instance within that time.
 */
public class Experiments {

    /** The price a user is charged for a SKU under a running experiment. */
    public record Assignment(String experimentId, Variant variant) {
    }

    public sealed interface Defined {
        record Saved(ExperimentStore.Saved saved) implements Defined {
        }

        record Invalid(List<String> problems) implements Defined {
        }

        record UnknownSku(String sku) implements Defined {
        }

        /** Another experiment on the same SKU overlaps this one's window. */
        record Overlaps(String otherExperimentId) implements Defined {
        }
    }

    /** Report thresholds: the minimum exposed users per variant before a verdict, and the significance level. */
    public record ReportSettings(long minSample, double alpha) {
    }

    static final int MAX_REMEMBERED_EXPOSURES = 50_000;

    private final ExperimentStore store;
    private final Predicate<String> skuExists;
    private final Clock clock;
    private final Duration refresh;
    private final ReportSettings reportSettings;
    private final Set<String> exposed = ConcurrentHashMap.newKeySet();
    private volatile Cache cache = new Cache(Map.of(), Instant.MIN);

    private record Cache(Map<String, List<Experiment>> bySku, Instant readAt) {
    }

    public Experiments(ExperimentStore store, Predicate<String> skuExists, Clock clock, Duration refresh,
            ReportSettings reportSettings) {
        this.store = store;
        this.skuExists = skuExists;
        this.clock = clock;
        this.refresh = refresh;
        this.reportSettings = reportSettings;
    }

    public Defined define(String id, String sku, List<Variant> variants, Instant startsAt, Instant endsAt, String operator) {
        List<String> problems = Experiment.problems(id, sku, variants, startsAt, endsAt);
        if (!problems.isEmpty()) {
            return new Defined.Invalid(problems);
        }
        if (!skuExists.test(sku)) {
            return new Defined.UnknownSku(sku);
        }
        Experiment experiment = new Experiment(id, sku, variants, startsAt, endsAt, Optional.empty());
        Optional<Experiment> overlapping = store.all().stream()
                .filter(e -> !e.id().equals(id) && e.sku().equals(sku) && overlap(e, experiment)).findFirst();
        if (overlapping.isPresent()) {
            return new Defined.Overlaps(overlapping.get().id());
        }
        Defined.Saved saved = new Defined.Saved(store.save(experiment, operator, clock.instant()));
        cache = new Cache(Map.of(), Instant.MIN);
        return saved;
    }

    public Optional<Experiment> stop(String id, String operator) {
        Optional<Experiment> stopped = store.stop(id, operator, clock.instant());
        cache = new Cache(Map.of(), Instant.MIN);
        return stopped;
    }

    public Optional<Experiment> find(String id) {
        return store.find(id);
    }

    public List<Experiment> all() {
        return store.all();
    }

    public Optional<ExperimentReport> report(String id) {
        return store.find(id).map(e -> ExperimentReport.of(e, store.tallies(e.id()), reportSettings.minSample(),
                reportSettings.alpha()));
    }

    /** The variant price {@code userId} pays for {@code sku} at {@code at}, if an experiment on it is running. */
    public Optional<Assignment> assignment(String sku, String userId, Instant at) {
        return running(sku, at).map(e -> new Assignment(e.id(), e.variantFor(userId)));
    }

    /**
     * The quote {@code userId} gets under a running experiment on its SKU: the variant's price as both list and unit
     * price (it is that user's regular price for the experiment's life). An offer still beats it: a quote with an offer
     * comes back unchanged, so a promotion is never priced twice.
     */
    public CatalogDocument.Quote price(CatalogDocument.Quote quote, String userId, Instant at) {
        return assignment(quote, userId, at).map(a -> priced(quote, a)).orElse(quote);
    }

    /** The experiment pricing this quote for {@code userId}, unless an offer prices it. */
    public Optional<Assignment> assignment(CatalogDocument.Quote quote, String userId, Instant at) {
        return quote.offer().isPresent() ? Optional.empty() : assignment(quote.sku().id(), userId, at);
    }

    /** The quote at the assignment's variant price. */
    public static CatalogDocument.Quote priced(CatalogDocument.Quote quote, Assignment assignment) {
        Credits price = Credits.of(assignment.variant().priceCredits());
        return new CatalogDocument.Quote(quote.sku(), price, price, Optional.empty(), quote.remainingForYou());
    }

    /** The price the public catalog shows for {@code sku}: the control's while an experiment runs on it. */
    public Optional<Credits> publicPrice(String sku, Instant at) {
        return running(sku, at).map(e -> Credits.of(e.control().priceCredits()));
    }

    /**
     * Records that the storefront showed {@code userId} the variant prices of these SKUs: one write per experiment and
     * user the first time this instance shows it (the store keeps the first exposure, so a repeat elsewhere is harmless).
     */
    public void exposed(String userId, Iterable<String> skus, Instant at) {
        for (String sku : skus) {
            running(sku, at).ifPresent(e -> {
                String key = e.id() + "\n" + userId;
                if (exposed.size() > MAX_REMEMBERED_EXPOSURES) {
                    exposed.clear();
                }
                if (exposed.add(key)) {
                    store.recordExposure(e.id(), userId, e.variantFor(userId).name(), at);
                }
            });
        }
    }

    private Optional<Experiment> running(String sku, Instant at) {
        Cache current = cache;
        Instant now = clock.instant();
        if (now.isAfter(current.readAt().plus(refresh)) || now.isBefore(current.readAt())) {
            current = new Cache(store.all().stream().collect(Collectors.groupingBy(Experiment::sku)), now);
            cache = current;
        }
        return current.bySku().getOrDefault(sku, List.of()).stream().filter(e -> e.runningAt(at)).findFirst();
    }

    private static boolean overlap(Experiment a, Experiment b) {
        Instant aEnd = a.stoppedAt().filter(s -> s.isBefore(a.endsAt())).orElse(a.endsAt());
        return a.startsAt().isBefore(b.endsAt()) && b.startsAt().isBefore(aEnd);
    }
}

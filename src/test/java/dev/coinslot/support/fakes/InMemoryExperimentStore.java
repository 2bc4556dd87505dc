package dev.coinslot.support.fakes;

import dev.coinslot.application.port.ExperimentStore;
import dev.coinslot.domain.experiment.Experiment;
import dev.coinslot.domain.experiment.ExperimentReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link ExperimentStore} in memory, with the rules of {@code DynamoDbExperimentStore}. */
public final class InMemoryExperimentStore implements ExperimentStore {

    private record Exposure(String variant, Instant at, long purchases, long credits) {
    }

    private final Map<String, Experiment> experiments = new TreeMap<>();
    private final Map<String, Map<String, Exposure>> exposures = new TreeMap<>();

    @Override
    public synchronized Saved save(Experiment experiment, String operator, Instant now) {
        Experiment stored = experiments.get(experiment.id());
        if (stored != null && stored.equals(experiment)) {
            return new Saved.Unchanged(stored);
        }
        if (stored != null && !now.isBefore(stored.startsAt())) {
            return new Saved.AlreadyStarted(stored);
        }
        experiments.put(experiment.id(), experiment);
        return stored == null ? new Saved.Created(experiment) : new Saved.Replaced(experiment);
    }

    @Override
    public synchronized Optional<Experiment> stop(String experimentId, String operator, Instant at) {
        return Optional.ofNullable(experiments.computeIfPresent(experimentId, (id, e) -> e.stop(at)));
    }

    @Override
    public synchronized Optional<Experiment> find(String experimentId) {
        return Optional.ofNullable(experiments.get(experimentId));
    }

    @Override
    public synchronized List<Experiment> all() {
        return new ArrayList<>(experiments.values());
    }

    @Override
    public synchronized void recordExposure(String experimentId, String userId, String variant, Instant at) {
        exposures.computeIfAbsent(experimentId, id -> new TreeMap<>()).putIfAbsent(userId, new Exposure(variant, at, 0, 0));
    }

    /** A committed purchase's conversion: {@link InMemoryWalletStore#commitPurchase} counts it with the purchase. */
    public synchronized void recordConversion(String experimentId, String userId, String variant, long credits,
            Instant at) {
        exposures.computeIfAbsent(experimentId, id -> new TreeMap<>()).merge(userId, new Exposure(variant, at, 1, credits),
                (old, add) -> new Exposure(old.variant(), old.at(), old.purchases() + 1, old.credits() + credits));
    }

    @Override
    public synchronized Map<String, ExperimentReport.Tally> tallies(String experimentId) {
        Map<String, ExperimentReport.Tally> tallies = new TreeMap<>();
        exposures.getOrDefault(experimentId, Map.of()).values().forEach(e -> tallies.merge(e.variant(),
                new ExperimentReport.Tally(1, e.purchases() > 0 ? 1 : 0, e.credits(), Map.of()),
                (a, b) -> new ExperimentReport.Tally(a.exposed() + b.exposed(), a.converters() + b.converters(),
                        a.credits() + b.credits(), Map.of())));
        return tallies;
    }
}

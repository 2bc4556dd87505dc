package dev.coinslot.application.port;

import dev.coinslot.domain.experiment.Experiment;
import dev.coinslot.domain.experiment.ExperimentReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Price experiments and their exposures. Definitions are few and read through a per-instance cache; an exposure item
 * per (experiment, user) records the variant the user was first shown and what they bought while it ran, so a report
 * is one query of the experiment's exposures.
 */
public interface ExperimentStore {

    /**
     * Creates or replaces a definition. A definition may change only until it starts: once {@code now} reached the
     * stored {@code startsAt}, a different definition is {@link Saved.AlreadyStarted} and nothing is written (changing
     * prices or weights mid-run would mix two experiments in one report).
     */
    Saved save(Experiment experiment, String operator, Instant now);

    /** Stops a running or future experiment at {@code at} (a repeat keeps the first stop); empty if unknown. */
    Optional<Experiment> stop(String experimentId, String operator, Instant at);

    Optional<Experiment> find(String experimentId);

    /** Every experiment, in id order. */
    List<Experiment> all();

    /** Records that {@code userId} was shown {@code variant} at {@code at}, unless an exposure is recorded already. */
    void recordExposure(String experimentId, String userId, String variant, Instant at);

    /** Per variant: exposed users, converters and credits spent, from the experiment's exposure items. */
    Map<String, ExperimentReport.Tally> tallies(String experimentId);

    sealed interface Saved {
        Experiment experiment();

        record Created(Experiment experiment) implements Saved {
        }

        record Replaced(Experiment experiment) implements Saved {
        }

        /** The same definition is stored already: nothing changed. */
        record Unchanged(Experiment experiment) implements Saved {
        }

        /** The stored experiment has started; {@code experiment} is what is stored. */
        record AlreadyStarted(Experiment experiment) implements Saved {
        }
    }
}

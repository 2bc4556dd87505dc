package dev.coinslot.support.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbExperimentStore;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.port.ExperimentStore;
import dev.coinslot.application.port.ExperimentStore.Saved;
import dev.coinslot.domain.experiment.Experiment;
import dev.coinslot.domain.experiment.ExperimentReport.Tally;
import dev.coinslot.domain.experiment.Variant;
import dev.coinslot.support.DynamoDbLocalResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The experiment store's rules, alike in memory and on DynamoDB Local. */
class ExperimentStoreContractTest {

    private static final Instant START = Instant.parse("2026-12-10T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-20T00:00:00Z");
    private static DynamoDbClient dynamo;

    static Stream<Named<Supplier<ExperimentStore>>> stores() {
        return Stream.of(Named.of("in memory", InMemoryExperimentStore::new),
                Named.of("DynamoDB Local", () -> new DynamoDbExperimentStore(dynamo(), TestConfig.defaults().coinslot())));
    }

    private static synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            new DynamoDbLocalResource().start();
            dynamo = DynamoDbLocalResource.client();
            TableInitializer.createIfMissing(dynamo, TestConfig.TABLE);
        }
        return dynamo;
    }

    @AfterAll
    static void close() {
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
    }

    private static Experiment experiment(String id, long bPrice) {
        return new Experiment(id, "sticker", List.of(new Variant("control", 49, 1), new Variant("b", bPrice, 1)), START, END,
                Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDefinitionChangesUntilItStartsAndNeverAfter(Supplier<ExperimentStore> stores) {
        ExperimentStore store = stores.get();
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        Instant before = START.minusSeconds(60);
        assertInstanceOf(Saved.Created.class, store.save(experiment(id, 45), "op", before));
        assertInstanceOf(Saved.Unchanged.class, store.save(experiment(id, 45), "op", before));
        assertInstanceOf(Saved.Replaced.class, store.save(experiment(id, 39), "op", before));
        Saved late = store.save(experiment(id, 29), "op", START);
        assertInstanceOf(Saved.AlreadyStarted.class, late);
        assertEquals(39, late.experiment().variants().get(1).priceCredits());
        assertInstanceOf(Saved.Unchanged.class, store.save(experiment(id, 39), "op", START.plusSeconds(5)));
        assertEquals(Optional.of(experiment(id, 39)), store.find(id));
        assertTrue(store.all().contains(experiment(id, 39)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theFirstStopStandsAndAnUnknownExperimentIsEmpty(Supplier<ExperimentStore> stores) {
        ExperimentStore store = stores.get();
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        store.save(experiment(id, 45), "op", START.minusSeconds(1));
        Instant stop = START.plusSeconds(3600);
        assertEquals(Optional.of(stop), store.stop(id, "op", stop).flatMap(Experiment::stoppedAt));
        assertEquals(Optional.of(stop), store.stop(id, "op", stop.plusSeconds(60)).flatMap(Experiment::stoppedAt));
        assertEquals(Optional.empty(), store.stop("no-such-" + id, "op", stop));
        assertEquals(Optional.empty(), store.find("no-such-" + id));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theFirstExposureOfAUserCountsOnce(Supplier<ExperimentStore> stores) {
        ExperimentStore store = stores.get();
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        store.recordExposure(id, "u1", "control", START);
        store.recordExposure(id, "u1", "control", START.plusSeconds(5));
        store.recordExposure(id, "u1", "b", START.plusSeconds(9)); // never happens (sticky), and would not move u1
        store.recordExposure(id, "u2", "b", START);
        store.recordExposure(id, "u3", "b", START);
        assertEquals(Map.of("control", new Tally(1, 0, 0, Map.of()), "b", new Tally(2, 0, 0, Map.of())), store.tallies(id));
        assertEquals(Map.of(), store.tallies("no-such-" + id));
    }
}

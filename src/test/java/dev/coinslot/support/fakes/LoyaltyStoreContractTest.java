package dev.coinslot.support.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.coinslot.adapter.dynamodb.DynamoDbLoyaltyStore;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.port.LoyaltyStore;
import dev.coinslot.application.port.LoyaltyStore.LoyaltySnapshot;
import dev.coinslot.application.port.LoyaltyStore.RecordedReward;
import dev.coinslot.application.port.LoyaltyStore.RewardWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyState;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.support.DynamoDbLocalResource;
import java.time.Instant;
import java.time.LocalDate;
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

/** The loyalty store's rules, alike in memory and on DynamoDB Local. */
class LoyaltyStoreContractTest {

    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");
    private static DynamoDbClient dynamo;

    static Stream<Named<Supplier<LoyaltyStore>>> stores() {
        return Stream.of(Named.of("in memory", InMemoryLoyaltyStore::new),
                Named.of("DynamoDB Local", () -> new DynamoDbLoyaltyStore(dynamo(), TestConfig.defaults().coinslot())));
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

    private static RewardWrite reward(LoyaltyStore store, LoyaltySnapshot snapshot, String reference, long credits,
            LoyaltyState next) {
        EarnedReward reward = new EarnedReward(RewardType.EARNED, "grant", Credits.of(credits), Instant.parse("2027-01-07T00:00:00Z"));
        Lot lot = Lot.promo(LotSource.REWARD, credits, AT, Optional.of(reward.expiresAt()), reference);
        WalletChange change = snapshot.wallet().credit(RewardType.EARNED.ledgerType(), List.of(lot), reference, AT);
        return store.commitReward(change, next, new RecordedReward(reference, reward, "fp-" + credits, change.after().balance(), AT));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReward_isWrittenOnce_withTheWalletAndItsState_andReadBack(Supplier<LoyaltyStore> factory) {
        LoyaltyStore store = factory.get();
        String user = "loyal-" + UUID.randomUUID();
        LoyaltySnapshot empty = store.read(user);
        assertEquals(0, empty.wallet().version());
        assertEquals(LoyaltyState.NONE, empty.state());
        LoyaltyState next = new LoyaltyState(0, 0, Optional.empty(), Map.of(), Optional.empty(),
                Optional.of(LocalDate.of(2026, 12, 7)), 40);
        RewardWrite.Committed written = assertInstanceOf(RewardWrite.Committed.class, reward(store, empty, "grant:a", 40, next));
        assertEquals(Credits.of(40), written.recorded().balanceAfter());
        LoyaltySnapshot after = store.read(user);
        assertEquals(next, after.state());
        assertEquals(Credits.of(40), after.wallet().balance());
        assertEquals(Credits.of(40), after.wallet().lots().promo());
        assertEquals(1, after.wallet().ledgerSequence());
        assertEquals(Optional.of(written.recorded()), store.findReward(user, "grant:a"));
        assertEquals(Optional.empty(), store.findReward(user, "grant:b"));
        assertEquals(Optional.empty(), store.findReward("someone-else", "grant:a"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSecondRewardUnderTheSameReference_isAlreadyRecorded_andWritesNothing(Supplier<LoyaltyStore> factory) {
        LoyaltyStore store = factory.get();
        String user = "loyal-" + UUID.randomUUID();
        RewardWrite.Committed first = assertInstanceOf(RewardWrite.Committed.class,
                reward(store, store.read(user), "daily:2026-12-07", 5, LoyaltyState.NONE));
        RewardWrite.AlreadyRecorded again = assertInstanceOf(RewardWrite.AlreadyRecorded.class,
                reward(store, store.read(user), "daily:2026-12-07", 7, LoyaltyState.NONE));
        assertEquals(first.recorded(), again.existing());
        assertEquals(Credits.of(5), store.read(user).wallet().balance());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRewardDecidedOnAStaleWallet_isRefused_andWritesNothing(Supplier<LoyaltyStore> factory) {
        LoyaltyStore store = factory.get();
        String user = "loyal-" + UUID.randomUUID();
        LoyaltySnapshot stale = store.read(user);
        assertInstanceOf(RewardWrite.Committed.class, reward(store, stale, "grant:one", 10, LoyaltyState.NONE));
        assertInstanceOf(RewardWrite.WalletChanged.class, reward(store, stale, "grant:two", 10, LoyaltyState.NONE));
        assertEquals(Optional.empty(), store.findReward(user, "grant:two"));
        assertEquals(Credits.of(10), store.read(user).wallet().balance());
    }
}

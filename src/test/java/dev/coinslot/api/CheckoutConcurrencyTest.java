package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.adapter.dynamodb.StoredLots;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.Money;
import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.Parallel;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Parallel checkouts against one wallet: never overspent, never debited twice for one key. */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class CheckoutConcurrencyTest {

    private static List<Response> parallel(int n, java.util.function.IntFunction<Response> call) throws Exception {
        return Parallel.run(n, n, call);
    }

    @Test
    void fiftyParallelCheckouts_walletFundedForTen_exactlyTenSucceed() throws Exception {
        String user = Wallets.newUser("race");
        Wallets.fund(user, 10 * 49);
        List<Response> responses = parallel(50, i -> LambdaApi.as(user).checkout("race-" + i, "sticker-cat", 1, 49));
        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(Response::status, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(201, 10L, 402, 40L), byStatus, () -> responses.stream()
                .filter(r -> r.status() != 201 && r.status() != 402).map(Response::body).toList().toString());
        assertEquals(0, WalletInvariants.assertConsistent(user));
        assertEquals(10, WalletInvariants.purchaseCount(user));
        assertEquals(10, WalletInvariants.count(user, "IDEM#"));
    }

    @Test
    void twentyParallelRetriesOfOneKey_debitOnce_andAnswerIdentically() throws Exception {
        String user = Wallets.newUser("retry");
        Wallets.fund(user, 1000);
        List<Response> responses = parallel(20, i -> LambdaApi.as(user).checkout("one-key", "hat-gold", 1, 99));
        for (Response r : responses) {
            assertEquals(201, r.status(), r.body());
            assertEquals(responses.get(0).body(), r.body());
        }
        assertEquals(1, responses.stream().filter(r -> "false".equals(r.header("Idempotent-Replayed"))).count());
        assertEquals(901, WalletInvariants.assertConsistent(user));
        assertEquals(1, WalletInvariants.purchaseCount(user));
    }

    /**
     * A wallet of a 100-credit bonus lot and a 100-credit paid lot (1.00 USD): 30 parallel 49-credit checkouts cross the
     * boundary between them. Exactly four succeed; the purchases' records take the bonus exactly once and 96 paid
     * credits exactly once, and the recognised revenue plus the cost left on the paid lot is exactly its price.
     */
    @Test
    void parallelCheckoutsAcrossALotBoundary_neverSpendACreditTwice() throws Exception {
        String user = Wallets.newUser("lots-race");
        Instant now = Instant.now();
        Wallets.fundLots(user, List.of(Lot.promo(LotSource.BONUS, 100, now, Optional.of(now.plus(Duration.ofDays(30))), "top_b"),
                Lot.paid(100, Money.of(100, "USD"), now, "top_p")));

        List<Response> responses = parallel(30, i -> LambdaApi.as(user).checkout("lots-" + i, "sticker-cat", 1, 49));

        assertEquals(4, responses.stream().filter(r -> r.status() == 201).count(), () -> responses.stream()
                .filter(r -> r.status() != 201 && r.status() != 402).map(Response::body).toList().toString());
        assertEquals(4, WalletInvariants.assertConsistent(user));
        Map<String, Long> takenBySource = new TreeMap<>();
        long recognised = 0;
        for (Map<String, AttributeValue> entry : WalletInvariants.itemsOfType(user, "LEDGER#")) {
            if (!entry.containsKey("purchaseId")) {
                continue;
            }
            for (LotTake take : StoredLots.decodeTakes(entry.get("lotsTaken").s())) {
                takenBySource.merge(take.source().name(), take.credits(), Long::sum);
            }
            if (entry.containsKey("recognized")) {
                recognised += Long.parseLong(entry.get("recognized").m().get("USD").n());
            }
        }
        assertEquals(Map.of("BONUS", 100L, "TOPUP", 96L), takenBySource);
        Lots left = StoredLots.decode(WalletInvariants.itemsOfType(user, "WALLET").get(0).get("lots").s());
        assertEquals(1, left.lots().size());
        assertEquals(4, left.lots().get(0).credits());
        assertEquals(100, recognised + left.lots().get(0).cost().orElseThrow().amountMinor(),
                "recognised + cost left = the price, to the cent");
    }
}

package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
        assertEquals(10, WalletInvariants.count(user, "PURCHASE#"));
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
        assertEquals(1, WalletInvariants.count(user, "PURCHASE#"));
    }
}

package dev.coinslot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.RequestCounter;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What ownership costs per request: DynamoDB requests (counted inside the function), write units per checkout from the
 * sizes of the items it wrote (DynamoDB Local reports no capacity), and the access check's latency.
 */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class OwnershipCostTest {

    @jakarta.inject.Inject
    dev.coinslot.application.wallet.WalletSnapshots snapshots;

    /**
     * Write units of one checkout before entitlements (wallet v2): wallet, idempotency record and the purchase's ledger
     * entry, each under 1 KB, transactional (README, CheckoutWriteUnitsTest).
     */
    private static final int WCU_BEFORE_ENTITLEMENTS = 6;

    private static String funded(long credits) {
        String user = Wallets.newUser("cost");
        Wallets.fund(user, credits);
        return user;
    }

    /** Transactional WCU of the items one checkout wrote, by kind, for a user who made exactly that checkout. */
    private static Map<String, Integer> checkoutWcu(String user) {
        Map<String, Integer> wcu = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : WalletInvariants.items(user)) {
            String sk = item.get("sk").s();
            if (sk.startsWith("LEDGER#") && !item.containsKey("purchaseId")) {
                continue; // the funding grant's entry is not part of the checkout
            }
            String kind = sk.equals("WALLET") ? "wallet" : sk.substring(0, sk.indexOf('#') + 1);
            wcu.merge(kind, ItemSize.transactionalWcu(ItemSize.bytes(item)), Integer::sum);
        }
        return wcu;
    }

    @Test
    void writeUnits_perCheckout_areTheWalletV2TargetPlusTwoPerGrantedItem() {
        for (String[] buy : new String[][] {{"sticker-cat", "49"}, {"hat-gold", "99"}, {"day-pass", "149"}}) {
            String user = funded(1000);
            // the grant's ledger entry is not part of the checkout: measure on the checkout's items only
            Response r = LambdaApi.as(user).checkout("wcu-" + buy[0], buy[0], 1, Long.parseLong(buy[1]));
            assertEquals(201, r.status(), r.body());
            Map<String, Integer> wcu = checkoutWcu(user);
            assertEquals(2, wcu.get("ENT#"), buy[0] + " entitlement item under 1 KB: " + wcu);
            int total = wcu.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("ownership-cost sku=%s wcu=%s total=%d%n", buy[0], wcu, total);
            assertEquals(WCU_BEFORE_ENTITLEMENTS + 2, total, buy[0] + ": " + wcu);
        }
    }

    @Test
    void requests_firstUnlock_consumable_andPassExtension_areOneTransaction_accessOneRead() throws Exception {
        String user = funded(2000);
        assertEquals(201, LambdaApi.as(user).checkout("warm", "sticker-cat", 1, 49).status()); // snapshot remembered
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("unlock", "hat-gold", 1, 99).status());
        assertEquals(Map.of("TransactWriteItems", 1L), RequestCounter.snapshot(), "first unlock");
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("more", "sticker-cat", 2, 98).status());
        assertEquals(Map.of("TransactWriteItems", 1L), RequestCounter.snapshot(), "consumable bought again");
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("pass-1", "day-pass", 1, 149).status());
        assertEquals(Map.of("TransactWriteItems", 1L), RequestCounter.snapshot(), "first pass");
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("pass-2", "day-pass", 1, 149).status());
        assertEquals(Map.of("TransactWriteItems", 1L), RequestCounter.snapshot(),
                "extending an active pass this instance sold: one request (the write checks the end it remembers)");
        // an instance that has not seen the pass (another instance, or a cold one) assumes none: refused once with its end
        snapshots.forget(user);
        assertEquals(201, LambdaApi.as(user).checkout("warm-2", "sticker-cat", 1, 49).status()); // wallet remembered again
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("pass-3", "day-pass", 1, 149).status());
        assertEquals(Map.of("TransactWriteItems", 2L), RequestCounter.snapshot(), "extending a pass this instance has not seen");
        RequestCounter.reset();
        Response owned = LambdaApi.as(user).checkout("unlock-2", "hat-gold", 1, 99);
        assertEquals(409, owned.status());
        assertEquals(Map.of("TransactWriteItems", 1L, "GetItem", 1L), RequestCounter.snapshot(),
                "already owned: the refused write, then the key lookup before refusing");
        RequestCounter.reset();
        assertEquals(200, access(user, "hat-gold").status());
        assertEquals(Map.of("GetItem", 1L), RequestCounter.snapshot(), "access check");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response access(String user, String sku) throws Exception {
        return LambdaApi.invoke(accessEvent(user, sku));
    }

    private static String accessEvent(String user, String sku) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(LambdaApi.anonymous().event("GET", "/access/" + user + "/" + sku, Map.of(),
                null, Map.of()));
        ObjectNode iam = ((ObjectNode) event.get("requestContext")).with("authorizer").putObject("iam");
        iam.put("accountId", "123456789012");
        iam.put("userArn", "arn:aws:sts::123456789012:assumed-role/content-server/bench");
        return event.toString();
    }

    @Test
    void accessCheck_p50_measured_againstABareGetItem() throws Exception {
        String user = funded(500);
        assertEquals(201, LambdaApi.as(user).checkout("p50", "article-fees", 1, 199).status());
        int n = 300;
        for (int i = 0; i < 50; i++) {
            access(user, "article-fees");
            LambdaApi.as(user).get("/entitlements/article-fees");
            LambdaApi.anonymous().get("/catalog");
        }
        // interleaved, so JIT warm-up and machine load fall on all three alike
        long[] access = new long[n];
        long[] catalog = new long[n];
        long[] own = new long[n];
        String event = accessEvent(user, "article-fees");
        String catalogEvent = LambdaApi.anonymous().event("GET", "/catalog", Map.of(), null, Map.of());
        String ownEvent = LambdaApi.as(user).event("GET", "/entitlements/article-fees", Map.of(), null, Map.of());
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Response r = LambdaApi.invoke(event);
            access[i] = System.nanoTime() - t;
            assertTrue(r.json().getBoolean("entitled"));
            t = System.nanoTime();
            assertEquals(200, LambdaApi.invoke(catalogEvent).status());
            catalog[i] = System.nanoTime() - t;
            t = System.nanoTime();
            assertEquals(200, LambdaApi.invoke(ownEvent).status());
            own[i] = System.nanoTime() - t;
        }
        long[] bare = new long[n];
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("WALLET#" + user),
                    "sk", AttributeValue.fromS("ENT#article-fees"));
            for (int i = 0; i < 50; i++) {
                client.getItem(b -> b.tableName(DynamoDbLocalResource.TABLE).key(key).consistentRead(true));
            }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                client.getItem(b -> b.tableName(DynamoDbLocalResource.TABLE).key(key).consistentRead(true));
                bare[i] = System.nanoTime() - t;
            }
        }
        System.out.printf("ownership-cost access p50=%.2f ms p90=%.2f ms (mock event server round trip, %d calls); "
                + "GET /catalog (no DynamoDB) p50=%.2f ms p90=%.2f ms; GET /entitlements/{sku} (JWT, same read) p50=%.2f ms; bare GetItem p50=%.2f ms p90=%.2f ms%n",
                pct(access, 50), pct(access, 90), n, pct(catalog, 50), pct(catalog, 90), pct(own, 50), pct(bare, 50), pct(bare, 90));
        assertTrue(pct(access, 50) > 0);
        List.of(access, catalog, bare).forEach(a -> assertEquals(n, a.length));
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}

package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.application.wallet.WalletSnapshots;
import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.RequestCounter;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB requests per checkout, counted by an SDK ExecutionInterceptor inside the function (JVM tests only: the
 * counter lives in the application's process). The catalog document is read first ({@code GET /catalog}), so the count
 * is the checkout's own: an instance re-reads the catalog once per {@code coinslot.storefront.catalog-cache-ttl} (60 s),
 * one {@code GetItem} shared by all its requests in that minute.
 */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class CheckoutRequestCountTest {

    @Inject
    WalletSnapshots snapshots;

    private static String funded(long credits) {
        String user = Wallets.newUser("counted");
        Wallets.fund(user, credits);
        return user;
    }

    @Test
    void checkout_warmHappyPath_isExactlyOneDynamoDbRequest() {
        String user = funded(500);
        assertEquals(201, LambdaApi.as(user).checkout("count-0", "sticker-cat", 1, 49).status());
        catalogRead();
        RequestCounter.reset();
        Response r = LambdaApi.as(user).checkout("count-1", "sticker-cat", 1, 49);
        assertEquals(201, r.status());
        assertEquals(Map.of("TransactWriteItems", 1L), RequestCounter.snapshot());
    }

    @Test
    void checkout_coldInstance_isOneReadPlusOneWrite() {
        String user = funded(500);
        snapshots.forget(user);
        catalogRead();
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("cold-1", "sticker-cat", 1, 49).status());
        assertEquals(Map.of("GetItem", 1L, "TransactWriteItems", 1L), RequestCounter.snapshot());
    }

    /** Makes sure this instance holds a fresh catalog document (read now if its cache period has passed). */
    private static void catalogRead() {
        assertEquals(200, LambdaApi.anonymous().get("/catalog").status());
    }
}

package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.api.lambda.DirectCheckout;
import dev.coinslot.support.CheckoutHttpStackProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The whole checkout suite again with {@code coinslot.direct-checkout=false}: the HTTP stack alone must pass the same
 * assertions as the default, where plain checkouts take the direct path.
 */
@QuarkusTest
@TestProfile(CheckoutHttpStackProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class CheckoutFunctionHttpStackTest extends CheckoutFunctionTest {

    @Inject
    DirectCheckout direct;

    @Test
    void directPath_isOff() {
        String user = Wallets.newUser("stack");
        Wallets.fund(user, 100);
        long before = direct.served();
        assertEquals(201, LambdaApi.as(user).checkout("h-1", "sticker-cat", 1, 49).status());
        assertEquals(before, direct.served());
    }
}

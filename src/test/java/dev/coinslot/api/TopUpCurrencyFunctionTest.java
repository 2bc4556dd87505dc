package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.StripeStub;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.TopUpFunctionProfile;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Packs priced in several currencies: listing them per currency and buying one in the currency chosen. */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(TopUpFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
class TopUpCurrencyFunctionTest {

    private final StripeStub stripe = StripeStubResource.stub();

    @BeforeEach
    void reset() {
        stripe.reset();
    }

    @Test
    void packs_inJpy_areInWholeYen_cheapestFirst_andTheDefaultIsUsd() {
        Response jpy = LambdaApi.anonymous().get("/topups/packs", Map.of("currency", "JPY"));
        Response usual = LambdaApi.anonymous().get("/topups/packs");

        assertEquals(200, jpy.status(), jpy.body());
        assertEquals("JPY", jpy.json().getString("currency"));
        assertEquals(List.of("USD", "EUR", "GBP", "JPY"), jpy.json().getList("currencies"));
        assertEquals(List.of(750, 1500, 3000), jpy.json().getList("packs.amountMinor"));
        assertEquals(List.of("JPY", "JPY", "JPY"), jpy.json().getList("packs.currency"));
        assertEquals(List.of(500, 1100, 2400), jpy.json().getList("packs.credits"), "credits do not depend on the currency");
        assertEquals("USD", usual.json().getString("currency"));
        assertEquals(List.of(500, 1000, 2000), usual.json().getList("packs.amountMinor"));
    }

    @Test
    void topUp_inEuros_createsAEuroPaymentIntentAtTheEuroPrice() {
        String user = Wallets.newUser("euro-buyer");

        Response started = LambdaApi.as(user).post("/topups", "{\"packId\":\"plus\",\"currency\":\"EUR\"}",
                Map.of("Idempotency-Key", "eur-1"));

        assertEquals(201, started.status(), started.body());
        assertEquals(950, started.json().getInt("amountMinor"));
        assertEquals("EUR", started.json().getString("currency"));
        assertEquals(1100, started.json().getInt("credits"));
        Map<String, Object> intent = stripe.paymentIntent(started.json().getString("paymentIntentId"));
        assertEquals("eur", intent.get("currency"));
        assertEquals(950, ((Number) intent.get("amount")).intValue());
        Response replay = LambdaApi.as(user).post("/topups", "{\"packId\":\"plus\",\"currency\":\"EUR\"}",
                Map.of("Idempotency-Key", "eur-1"));
        assertEquals("true", replay.header("Idempotent-Replayed"));
        Response otherCurrency = LambdaApi.as(user).post("/topups", "{\"packId\":\"plus\"}", Map.of("Idempotency-Key", "eur-1"));
        assertEquals(422, otherCurrency.status(), "the same key in another currency is another request");
    }
}

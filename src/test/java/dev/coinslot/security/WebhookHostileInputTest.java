package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileEvents;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.WebhookFunctionProfile;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged, stale, tampered and malformed webhook deliveries against the webhook function: each is a 4xx problem+json
 * and nothing is written, not even a processed-event marker. The events would credit a wallet if they were accepted.
 */
@QuarkusTest
@TestProfile(WebhookFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
@WithTestResource(StripeStubResource.class)
@ExtendWith(LogSecretScan.class)
class WebhookHostileInputTest {

    private static final String VICTIM = Wallets.newUser("hostile-webhook");

    private static String creditEvent() {
        return StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded",
                StripeEvents.paymentIntent("pi_forged" + Long.toHexString(System.nanoTime()), VICTIM,
                        "top_" + Long.toHexString(System.nanoTime()), "max", 2000, 2000, 400, "succeeded"));
    }

    private static HostileRequest delivery(String name, String body, String signature, int status, String slug) {
        Map<String, String> headers = signature == null ? Map.of() : Map.of("Stripe-Signature", signature);
        return of("webhook: " + name, LambdaApi.anonymous(), "POST", "/webhooks/stripe", headers, body, status, slug);
    }

    static List<HostileRequest> deliveries() {
        long now = System.currentTimeMillis() / 1000;
        String body = creditEvent();
        List<HostileRequest> cases = new ArrayList<>();
        cases.add(delivery("no signature", body, null, 400, "invalid-signature"));
        cases.add(delivery("empty signature", body, "", 400, "invalid-signature"));
        cases.add(delivery("forged with another secret", body, StripeEvents.signature(body, "whsec_attacker", now), 400,
                "invalid-signature"));
        cases.add(delivery("signed with the Stripe API key", body, StripeEvents.signature(body, "sk_test_coinslot", now), 400,
                "invalid-signature"));
        cases.add(delivery("replayed with an old timestamp", body, StripeEvents.signature(body, StripeEvents.SECRET, now - 600),
                400, "invalid-signature"));
        cases.add(delivery("replayed a day later", body, StripeEvents.signature(body, StripeEvents.SECRET, now - 86_400), 400,
                "invalid-signature"));
        String signed = StripeEvents.signature(body, StripeEvents.SECRET, now);
        cases.add(delivery("tampered body", body.replace("\"2000\"", "\"2000000\"").replace("2400", "240000"), signed, 400,
                "invalid-signature"));
        cases.add(delivery("signature of another body", creditEvent(), signed, 400, "invalid-signature"));
        cases.add(delivery("v0 scheme only", body, signed.replace("v1=", "v0="), 400, "invalid-signature"));
        cases.add(delivery("timestamp not a number", body, "t=abc," + signed.substring(signed.indexOf("v1=")), 400,
                "invalid-signature"));
        cases.add(delivery("no timestamp", body, signed.substring(signed.indexOf("v1=")), 400, "invalid-signature"));
        cases.add(delivery("truncated hmac", body, signed.substring(0, signed.length() - 2), 400, "invalid-signature"));
        String notJson = "not json at all \u0000";
        cases.add(delivery("signed garbage", notJson, StripeEvents.signature(notJson, StripeEvents.SECRET, now), 400,
                "malformed-event"));
        String array = "[" + body + "]";
        cases.add(delivery("signed array", array, StripeEvents.signature(array, StripeEvents.SECRET, now), 400, "malformed-event"));
        String noType = "{\"id\":\"evt_1\",\"object\":\"event\"}";
        cases.add(delivery("signed event without type or data", noType, StripeEvents.signature(noType, StripeEvents.SECRET, now),
                400, "malformed-event"));
        String huge = "{\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
        cases.add(delivery("1 MB body", huge, StripeEvents.signature(huge, StripeEvents.SECRET, now), 413, "payload-too-large"));
        cases.add(of("webhook: JWT claims instead of a signature", LambdaApi.as(VICTIM), "POST", "/webhooks/stripe", Map.of(),
                body, 400, "invalid-signature"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void hostileDelivery_isRefused_andWritesNothing(HostileRequest request) {
        request.assertRefusedWritingNothing();
    }

    static List<HostileEvents.Case> malformedEncodings() {
        String body = creditEvent();
        String signature = StripeEvents.signature(body, StripeEvents.SECRET, System.currentTimeMillis() / 1000);
        return HostileEvents.malformedEncodings(LambdaApi.anonymous(), "POST", "/webhooks/stripe", "/webhooks/stripe",
                Map.of("Stripe-Signature", signature), body);
    }

    /** Malformed percent-encoding and bodies marked base64 that are not: 400 problems (were a bare 400 and 500). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEncodings")
    void malformedEncoding_isA400Problem_andWritesNothing(HostileEvents.Case event) {
        event.assertRefusedWritingNothing();
    }
}

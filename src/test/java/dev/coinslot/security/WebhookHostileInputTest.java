package dev.coinslot.security;

import static dev.coinslot.support.HostileRequest.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.HostileEvents;
import dev.coinslot.support.HostileRequest;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.StripeEvents;
import dev.coinslot.support.StripeStubResource;
import dev.coinslot.support.TableSnapshot;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.LambdaApi.Response;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 *
 * <p>Correctly signed events that are not this deployment's to credit (another deployment's payments, the other
 * livemode, PaymentIntents created outside Coinslot with Coinslot-looking metadata) are acknowledged with 200 so that
 * Stripe stops sending them; they write exactly one item, their processed-event marker, and credit nothing.
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

    /** A correctly signed event and the outcome it must be acknowledged with. */
    record Signed(String name, String eventId, String body, String outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Signed signed(String name, String type, ObjectNode object, String outcome) {
        String eventId = StripeEvents.newEventId();
        return new Signed(name, eventId, StripeEvents.event(eventId, type, object), outcome);
    }

    private static ObjectNode pi(String piId, String packId, long amount, long base, long bonus, String status, String deployment) {
        return StripeEvents.paymentIntent(piId, VICTIM, "top_" + Long.toHexString(System.nanoTime()), packId, amount, base,
                bonus, status, deployment);
    }

    private static String newPi(String label) {
        return "pi_" + label + Long.toHexString(System.nanoTime());
    }

    static List<Signed> signedButNotOurs() {
        String other = StripeEvents.OTHER_DEPLOYMENT_ID;
        String ours = StripeEvents.DEPLOYMENT_ID;
        String otherPi = newPi("otherstack");
        // Stripe knows the other deployment's payment (charge and dispute events are checked against it)
        StripeStubResource.stub().putPaymentIntent(StripeEvents.asMap(pi(otherPi, "max", 2000, 2000, 400, "succeeded", other)));
        List<Signed> cases = new ArrayList<>();
        cases.add(signed("another deployment's payment", "payment_intent.succeeded",
                pi(newPi("other"), "max", 2000, 2000, 400, "succeeded", other), "ignored"));
        cases.add(signed("another deployment's failed payment", "payment_intent.payment_failed",
                pi(newPi("other"), "max", 2000, 2000, 400, "requires_payment_method", other), "ignored"));
        cases.add(signed("refund of another deployment's payment", "charge.refunded", StripeEvents.charge(otherPi, 2000, 2000),
                "ignored"));
        cases.add(signed("dispute of another deployment's payment", "charge.dispute.created",
                StripeEvents.dispute("dp_other" + System.nanoTime(), otherPi, 2000, "needs_response"), "ignored"));
        cases.add(signed("dispute close of another deployment's payment", "charge.dispute.closed",
                StripeEvents.dispute("dp_other" + System.nanoTime(), otherPi, 2000, "lost"), "ignored"));
        String liveId = StripeEvents.newEventId();
        cases.add(new Signed("live-mode event to a test-mode deployment", liveId, StripeEvents.liveEvent(liveId,
                "payment_intent.succeeded", pi(newPi("live"), "max", 2000, 2000, 400, "succeeded", ours)), "ignored"));
        cases.add(signed("0.50 USD created outside Coinslot claiming 1,000,000 credits", "payment_intent.succeeded",
                pi(newPi("forged"), "plus", 50, 1_000_000, 0, "succeeded", null), "ignored"));
        cases.add(signed("0.50 USD claiming 1,000,000 credits with this deployment's id", "payment_intent.succeeded",
                pi(newPi("forged"), "plus", 50, 1_000_000, 0, "succeeded", ours), "stuck"));
        cases.add(signed("pack price paid, bonus inflated", "payment_intent.succeeded",
                pi(newPi("bonus"), "plus", 1000, 1000, 99_000, "succeeded", ours), "stuck"));
        cases.add(signed("pack that is not configured", "payment_intent.succeeded",
                pi(newPi("nopack"), "mega", 1000, 100_000, 0, "succeeded", ours), "stuck"));
        cases.add(signed("pack paid in another currency", "payment_intent.succeeded",
                pi(newPi("eur"), "plus", 1000, 1000, 100, "succeeded", ours).put("currency", "eur"), "stuck"));
        cases.add(signed("failure claiming inflated credits", "payment_intent.payment_failed",
                pi(newPi("failed"), "plus", 50, 1_000_000, 0, "requires_payment_method", ours), "ignored"));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedButNotOurs")
    void signedEventNotOursToCredit_isAcknowledged_andWritesOnlyItsEventMarker(Signed event) {
        TableSnapshot before = TableSnapshot.take();
        Response r = StripeEvents.deliver(event.body());
        TableSnapshot after = TableSnapshot.take();
        assertEquals(200, r.status(), event.name() + ": " + r.body());
        assertEquals(event.outcome(), r.json().getString("outcome"), event.name() + ": " + r.body());
        List<String> written = before.difference(after);
        assertEquals(1, written.size(), event.name() + " wrote " + written);
        assertTrue(written.get(0).startsWith("+ ") && written.get(0).contains("pk=AttributeValue(S=EVENT#" + event.eventId() + ")")
                && written.get(0).contains("sk=AttributeValue(S=EVENT)"), event.name() + " wrote " + written);

        Response again = StripeEvents.deliver(event.body());
        assertEquals(200, again.status(), again.body());
        assertEquals("duplicate", again.json().getString("outcome"));
        assertEquals(List.of(), after.difference(TableSnapshot.take()), event.name() + ": the redelivery wrote");
        assertEquals(List.of(), WalletInvariants.items(VICTIM), "nothing written for the victim");
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

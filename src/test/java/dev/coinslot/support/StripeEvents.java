package dev.coinslot.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds Stripe webhook events from Stripe's own fixture objects (src/test/resources/stripe, copied from Stripe's
 * OpenAPI fixtures) and signs them the way Stripe does: {@code t=…,v1=HMAC-SHA256(secret, "t.body")}.
 */
public final class StripeEvents {

    public static final String SECRET = "whsec_test_current";
    public static final String PREVIOUS_SECRET = "whsec_test_previous";
    /** The deployment id of the application under test: by default its table name. */
    public static final String DEPLOYMENT_ID = DynamoDbLocalResource.TABLE;
    /** Another deployment (a staging or second-region stack) sharing the same Stripe account. */
    public static final String OTHER_DEPLOYMENT_ID = "eu-west-1/coinslot-staging-WalletTable-1ABCDEF";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StripeEvents() {
    }

    public static ObjectNode fixture(String name) {
        try (InputStream in = StripeEvents.class.getResourceAsStream("/stripe/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PaymentIntent shaped like Stripe's fixture, carrying this deployment's Coinslot metadata for the given pack. */
    public static ObjectNode paymentIntent(String piId, String user, String topUpId, String packId, long amount, long base,
            long bonus, String status) {
        return paymentIntent(piId, user, topUpId, packId, amount, base, bonus, status, DEPLOYMENT_ID);
    }

    /** As above, with {@code deploymentId} in the metadata ({@code null}: none, as before deployments had one). */
    public static ObjectNode paymentIntent(String piId, String user, String topUpId, String packId, long amount, long base,
            long bonus, String status, String deploymentId) {
        ObjectNode pi = fixture("payment_intent");
        pi.put("id", piId);
        pi.put("amount", amount);
        pi.put("amount_received", "succeeded".equals(status) ? amount : 0);
        pi.put("currency", "usd");
        pi.put("status", status);
        pi.put("customer", "cus_test");
        ObjectNode meta = pi.putObject("metadata");
        meta.put("coinslot_user", user);
        meta.put("coinslot_topup_id", topUpId);
        meta.put("coinslot_pack_id", packId);
        meta.put("coinslot_credits", Long.toString(base + bonus));
        meta.put("coinslot_base_credits", Long.toString(base));
        meta.put("coinslot_bonus_credits", Long.toString(bonus));
        if (deploymentId != null) {
            meta.put("coinslot_deployment", deploymentId);
        }
        return pi;
    }

    public static ObjectNode charge(String piId, long amount, long amountRefunded) {
        ObjectNode charge = fixture("charge");
        charge.put("id", "ch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        charge.put("payment_intent", piId);
        charge.put("amount", amount);
        charge.put("amount_refunded", amountRefunded);
        charge.put("refunded", amountRefunded >= amount);
        charge.put("currency", "usd");
        return charge;
    }

    public static ObjectNode dispute(String disputeId, String piId, long amount, String status) {
        ObjectNode dispute = fixture("dispute");
        dispute.put("id", disputeId);
        dispute.put("payment_intent", piId);
        dispute.put("amount", amount);
        dispute.put("status", status);
        dispute.put("currency", "usd");
        return dispute;
    }

    /** An event envelope (Stripe's fixture) of {@code type} around {@code object}. */
    public static String event(String eventId, String type, ObjectNode object, String apiVersion) {
        ObjectNode event = fixture("event");
        event.put("id", eventId);
        event.put("type", type);
        if (apiVersion == null) {
            event.putNull("api_version");
        } else {
            event.put("api_version", apiVersion);
        }
        event.put("created", System.currentTimeMillis() / 1000);
        event.putObject("data").set("object", object);
        return event.toString();
    }

    public static String event(String eventId, String type, ObjectNode object) {
        return event(eventId, type, object, "2025-09-30.clover");
    }

    /** An event of live mode ({@code livemode: true}); the application under test runs on a test key. */
    public static String liveEvent(String eventId, String type, ObjectNode object) {
        ObjectNode event = (ObjectNode) read(event(eventId, type, object));
        event.put("livemode", true);
        ((ObjectNode) event.path("data").path("object")).put("livemode", true);
        return event.toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object as the plain map {@link StripeStub#putPaymentIntent} takes. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(ObjectNode object) {
        return JSON.convertValue(object, Map.class);
    }

    public static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    public static String signature(String body, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String v1 = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            return "t=" + timestamp + ",v1=" + v1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signature(String body) {
        return signature(body, SECRET, System.currentTimeMillis() / 1000);
    }

    /** Delivers a signed event to the webhook route as API Gateway would. */
    public static LambdaApi.Response deliver(String body) {
        return deliver(body, signature(body));
    }

    public static LambdaApi.Response deliver(String body, String signatureHeader) {
        Map<String, String> headers = signatureHeader == null ? Map.of() : Map.of("Stripe-Signature", signatureHeader);
        return LambdaApi.anonymous().post("/webhooks/stripe", body, headers);
    }
}

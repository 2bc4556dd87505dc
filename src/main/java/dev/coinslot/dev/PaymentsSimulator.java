package dev.coinslot.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.StripeConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Dev mode only: an in-memory stand-in for Stripe's customers and PaymentIntents. Cards behave like Stripe's test
 * cards (4242 4242 4242 4242 succeeds, 4000 0000 0000 9995 is declined for insufficient funds, 4000 0025 0000 3155
 * needs authentication on-session, …), create calls honour idempotency keys the way Stripe's API does, and every
 * state change is sent as a Stripe event, signed with the webhook secret like Stripe signs it
 * ({@code t=…,v1=HMAC-SHA256(secret, "t.body")}), to the application's own {@code POST /webhooks/stripe}, so the
 * real verification and crediting code runs. Delivery is asynchronous and retried, as Stripe's is. Card numbers are
 * never stored or logged: only the card's brand and last four digits. Absent from prod builds.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class PaymentsSimulator {

    private static final Logger LOG = Logger.getLogger(PaymentsSimulator.class);
    private static final HexFormat HEX = HexFormat.of();
    /** The {@code api_version} written on events (the parser reads only long-stable fields). */
    static final String API_VERSION = "2025-09-30.clover";
    private static final int DELIVERY_ATTEMPTS = 6;

    /** What a test card does; {@code declineCode} is Stripe's decline code for a declined card. */
    enum CardBehaviour {
        SUCCEEDS, DECLINED, AUTHENTICATE_ON_SESSION, AUTHENTICATE_ALWAYS
    }

    /** A Stripe test card number and what it does. */
    record TestCard(String number, String brand, CardBehaviour behaviour, String declineCode, String message) {
    }

    static final Map<String, TestCard> TEST_CARDS = Map.of(
            "4242424242424242", new TestCard("4242424242424242", "visa", CardBehaviour.SUCCEEDS, null, null),
            "5555555555554444", new TestCard("5555555555554444", "mastercard", CardBehaviour.SUCCEEDS, null, null),
            "4000000000000002", new TestCard("4000000000000002", "visa", CardBehaviour.DECLINED, "generic_decline",
                    "Your card was declined."),
            "4000000000009995", new TestCard("4000000000009995", "visa", CardBehaviour.DECLINED, "insufficient_funds",
                    "Your card has insufficient funds."),
            "4000000000009987", new TestCard("4000000000009987", "visa", CardBehaviour.DECLINED, "lost_card",
                    "Your card was declined."),
            "4000002500003155", new TestCard("4000002500003155", "visa", CardBehaviour.AUTHENTICATE_ON_SESSION, null, null),
            "4000002760003184", new TestCard("4000002760003184", "visa", CardBehaviour.AUTHENTICATE_ALWAYS, null, null));

    /** A PaymentIntent as the simulator keeps it. */
    static final class Intent {
        final String id;
        final String clientSecret;
        final long amount;
        final String currency;
        final String customer;
        final Map<String, String> metadata;
        final boolean saveCard;
        final long created;
        String status = "requires_payment_method";
        String paymentMethod;
        Map<String, String> lastError;

        Intent(String id, String clientSecret, long amount, String currency, String customer, Map<String, String> metadata,
                boolean saveCard, long created) {
            this.id = id;
            this.clientSecret = clientSecret;
            this.amount = amount;
            this.currency = currency;
            this.customer = customer;
            this.metadata = Map.copyOf(metadata);
            this.saveCard = saveCard;
            this.created = created;
        }
    }

    /** A saved card: which test card it is (by behaviour; the number itself is not kept). */
    record PaymentMethod(String id, String brand, String last4, CardBehaviour behaviour, String declineCode, String message) {
    }

    /** The answer to confirming a PaymentIntent, as Stripe.js would report it. */
    public record Confirmation(String paymentIntentId, String status, String declineCode, String message, boolean needsAction) {
    }

    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final Map<String, String> customers = new ConcurrentHashMap<>();
    private final Map<String, PaymentMethod> paymentMethods = new ConcurrentHashMap<>();
    private final Map<String, Object> idempotent = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json;
    private final String webhookSecret;
    private final URI webhookUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "payments-simulator-webhooks");
        t.setDaemon(true);
        return t;
    });

    public PaymentsSimulator(ObjectMapper json, StripeConfig stripe, CoinslotConfig config) {
        this.json = json;
        this.webhookSecret = stripe.webhookSecret().map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        this.webhookUrl = URI.create(config.dev().paymentsWebhookUrl());
    }

    void stop(@Observes ShutdownEvent event) {
        delivery.shutdownNow();
    }

    // ---- the API side (what StripePaymentGateway would ask Stripe) ----------------------------------------------

    public String createCustomer(String ownerId, String idempotencyKey) {
        return once("customer:" + idempotencyKey, () -> {
            String id = "cus_sim" + token(10);
            customers.put(id, ownerId);
            return id;
        });
    }

    public Intent createIntent(long amount, String currency, String customer, Map<String, String> metadata, boolean saveCard,
            String paymentMethod, String idempotencyKey) {
        return once("intent:" + idempotencyKey, () -> {
            String id = "pi_sim" + token(12);
            Intent intent = new Intent(id, id + "_secret_" + token(16), amount, currency, customer, metadata, saveCard,
                    Instant.now().getEpochSecond());
            if (paymentMethod != null) {
                intent.paymentMethod = paymentMethod;
                intent.status = "requires_confirmation";
            }
            intents.put(id, intent);
            LOG.infof("payments-simulator op=payment_intent.create payment=%s amountMinor=%d currency=%s", id, amount, currency);
            return intent;
        });
    }

    public Optional<Intent> intent(String id) {
        return Optional.ofNullable(id == null ? null : intents.get(id));
    }

    public List<Intent> intentsSince(Instant since) {
        List<Intent> found = new ArrayList<>();
        for (Intent i : intents.values()) {
            if (i.created >= since.getEpochSecond()) {
                found.add(i);
            }
        }
        return found;
    }

    /** Off-session confirmation with the saved card (the customer is not there to authenticate). */
    public Intent confirmOffSession(String intentId, String paymentMethodId, String idempotencyKey) {
        return once("confirm:" + idempotencyKey, () -> {
            Intent intent = intents.get(intentId);
            PaymentMethod pm = paymentMethods.get(paymentMethodId);
            if (intent == null || pm == null) {
                throw new IllegalArgumentException("no such payment intent or payment method");
            }
            synchronized (intent) {
                intent.paymentMethod = pm.id();
                // Stripe: a card set up for off-session use (4000 0025 0000 3155) needs no further authentication;
                // 4000 0027 6000 3184 always does
                apply(intent, pm, pm.behaviour() == CardBehaviour.AUTHENTICATE_ALWAYS ? CardBehaviour.AUTHENTICATE_ALWAYS
                        : pm.behaviour() == CardBehaviour.DECLINED ? CardBehaviour.DECLINED : CardBehaviour.SUCCEEDS, true);
                return intent;
            }
        });
    }

    // ---- the customer side (what Stripe.js would do in the browser) --------------------------------------------

    /** Confirms a PaymentIntent with a card, as the Payment Element does; the client secret is the only credential. */
    public Optional<Confirmation> confirm(String clientSecret, String cardNumber) {
        Optional<Intent> found = byClientSecret(clientSecret);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Intent intent = found.get();
        synchronized (intent) {
            if ("succeeded".equals(intent.status) || "processing".equals(intent.status)) {
                return Optional.of(confirmation(intent));
            }
            TestCard card = TEST_CARDS.get(cardNumber);
            PaymentMethod pm = card == null
                    ? new PaymentMethod("pm_sim" + token(12), "unknown", last4(cardNumber), CardBehaviour.DECLINED,
                            "test_mode_live_card", "Your card was declined. Use a Stripe test card number such as 4242 4242 4242 4242.")
                    : new PaymentMethod("pm_sim" + token(12), card.brand(), last4(cardNumber), card.behaviour(),
                            card.declineCode(), card.message());
            paymentMethods.put(pm.id(), pm);
            intent.paymentMethod = pm.id();
            apply(intent, pm, pm.behaviour(), false);
            LOG.infof("payments-simulator op=payment_intent.confirm payment=%s card=%s/%s status=%s", intent.id, pm.brand(),
                    pm.last4(), intent.status);
            return Optional.of(confirmation(intent));
        }
    }

    /** Completes ({@code approve}) or fails the authentication step of a PaymentIntent that asked for it. */
    public Optional<Confirmation> authenticate(String clientSecret, boolean approve) {
        Optional<Intent> found = byClientSecret(clientSecret);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Intent intent = found.get();
        synchronized (intent) {
            if ("requires_action".equals(intent.status)) {
                if (approve) {
                    succeed(intent);
                } else {
                    fail(intent, Map.of("type", "card_error", "code", "payment_intent_authentication_failure",
                            "message", "The authentication of this payment failed."));
                }
            }
            return Optional.of(confirmation(intent));
        }
    }

    private void apply(Intent intent, PaymentMethod pm, CardBehaviour behaviour, boolean offSession) {
        switch (behaviour) {
            case SUCCEEDS -> succeed(intent);
            case DECLINED -> fail(intent, Map.of("type", "card_error", "code", "card_declined", "decline_code",
                    pm.declineCode(), "message", pm.message()));
            case AUTHENTICATE_ON_SESSION, AUTHENTICATE_ALWAYS -> {
                if (offSession) {
                    fail(intent, Map.of("type", "card_error", "code", "authentication_required", "message",
                            "This payment requires authentication."));
                } else {
                    intent.status = "requires_action";
                    intent.lastError = null;
                }
            }
        }
    }

    private void succeed(Intent intent) {
        intent.status = "succeeded";
        intent.lastError = null;
        deliver("payment_intent.succeeded", intent);
    }

    private void fail(Intent intent, Map<String, String> error) {
        intent.status = "requires_payment_method";
        intent.lastError = new LinkedHashMap<>(error);
        deliver("payment_intent.payment_failed", intent);
    }

    private Confirmation confirmation(Intent intent) {
        Map<String, String> error = intent.lastError;
        return new Confirmation(intent.id, intent.status,
                error == null ? null : error.getOrDefault("decline_code", error.get("code")),
                error == null ? null : error.get("message"), "requires_action".equals(intent.status));
    }

    private Optional<Intent> byClientSecret(String clientSecret) {
        if (clientSecret == null) {
            return Optional.empty();
        }
        int cut = clientSecret.indexOf("_secret_");
        if (cut <= 0) {
            return Optional.empty();
        }
        Intent intent = intents.get(clientSecret.substring(0, cut));
        return intent != null && java.security.MessageDigest.isEqual(intent.clientSecret.getBytes(StandardCharsets.UTF_8),
                clientSecret.getBytes(StandardCharsets.UTF_8)) ? Optional.of(intent) : Optional.empty();
    }

    // ---- objects and events in Stripe's JSON shape -------------------------------------------------------------

    /** The PaymentIntent as Stripe's API returns it (the fields Coinslot and Stripe.js read). */
    public ObjectNode paymentIntentJson(Intent intent) {
        ObjectNode pi = json.createObjectNode();
        pi.put("id", intent.id);
        pi.put("object", "payment_intent");
        pi.put("amount", intent.amount);
        pi.put("amount_received", "succeeded".equals(intent.status) ? intent.amount : 0);
        pi.put("currency", intent.currency);
        pi.put("customer", intent.customer);
        pi.put("client_secret", intent.clientSecret);
        pi.put("created", intent.created);
        pi.put("livemode", false);
        pi.put("status", intent.status);
        pi.put("payment_method", intent.paymentMethod);
        pi.put("setup_future_usage", intent.saveCard ? "off_session" : null);
        ObjectNode meta = pi.putObject("metadata");
        intent.metadata.forEach(meta::put);
        if (intent.lastError == null) {
            pi.putNull("last_payment_error");
        } else {
            ObjectNode error = pi.putObject("last_payment_error");
            intent.lastError.forEach(error::put);
        }
        return pi;
    }

    /** Queues a signed event for the webhook route; retried like Stripe retries (here: a few times, seconds apart). */
    void deliver(String type, Intent intent) {
        ObjectNode event = json.createObjectNode();
        event.put("id", "evt_sim" + token(12));
        event.put("object", "event");
        event.put("api_version", API_VERSION);
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.putObject("request").putNull("id").putNull("idempotency_key");
        event.putObject("data").set("object", paymentIntentJson(intent));
        String body = event.toString();
        delivery.execute(() -> send(event.get("id").asText(), type, body, 1));
    }

    private void send(String eventId, String type, String body, int attempt) {
        if (webhookSecret == null) {
            LOG.warnf("payments-simulator event=%s type=%s not delivered: no webhook secret (stripe.webhook-secret)", eventId, type);
            return;
        }
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(webhookUrl)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", signature(body, Instant.now().getEpochSecond(), webhookSecret))
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks) coinslot-payments-simulator")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.infof("payments-simulator event=%s type=%s attempt=%d status=%d", eventId, type, attempt, status);
        if ((status < 200 || status > 299) && attempt < DELIVERY_ATTEMPTS && !delivery.isShutdown()) {
            delivery.schedule(() -> send(eventId, type, body, attempt + 1), 1L << (attempt - 1), TimeUnit.SECONDS);
        }
    }

    /** A {@code Stripe-Signature} header value: {@code t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">}. */
    static String signature(String body, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HEX.formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private <T> T once(String key, Supplier<T> create) {
        return (T) idempotent.computeIfAbsent(key, k -> create.get());
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }

    private static String last4(String number) {
        return number.length() >= 4 ? number.substring(number.length() - 4) : number;
    }
}

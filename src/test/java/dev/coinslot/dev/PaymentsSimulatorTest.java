package dev.coinslot.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coinslot.adapter.stripe.StripeEventParser;
import dev.coinslot.adapter.stripe.StripeWebhookVerifier;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dev mode's payments simulator without Quarkus: its events, delivered over HTTP to a loopback receiver, pass the
 * application's own Stripe signature verifier and event parser; test cards behave like Stripe's.
 */
class PaymentsSimulatorTest {

    private static final String SECRET = "whsec_simulator_test";
    private static final Map<String, String> METADATA = Map.of("coinslot_user", "alice", "coinslot_topup_id", "top_1",
            "coinslot_pack_id", "starter", "coinslot_credits", "500", "coinslot_base_credits", "500",
            "coinslot_bonus_credits", "0");

    record Delivery(String signature, byte[] body) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private HttpServer receiver;
    private PaymentsSimulator simulator;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhooks/stripe", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            if (status == 200) {
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Stripe-Signature"), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/stripe";
        simulator = new PaymentsSimulator(json, stripeConfig(), coinslotConfig(url));
    }

    @AfterEach
    void stop() {
        simulator.stop(null);
        receiver.stop(0);
    }

    private PaymentsSimulator.Intent newIntent(String key) {
        String customer = simulator.createCustomer("alice", "cus-" + key);
        return simulator.createIntent(500, "usd", customer, METADATA, true, null, key);
    }

    private PaymentEvent received() throws InterruptedException {
        Delivery d = deliveries.poll(10, TimeUnit.SECONDS);
        assertNotNull(d, "no event was delivered");
        assertTrue(new StripeWebhookVerifier(stripeConfig(), credentials()).verify(d.body(), d.signature()),
                "the application's verifier must accept the simulator's signature");
        return new StripeEventParser(json, credentials()).parse(d.body()).orElseThrow();
    }

    @Test
    void card4242_succeeds_andASignedSucceededEventCreditsThePack() throws Exception {
        PaymentsSimulator.Intent intent = newIntent("k1");
        PaymentsSimulator.Confirmation c = simulator.confirm(intent.clientSecret, "4242424242424242").orElseThrow();
        assertEquals("succeeded", c.status());
        PaymentEvent.PaymentSucceeded event = assertInstanceOf(PaymentEvent.PaymentSucceeded.class, received());
        assertEquals(intent.id, event.payment().paymentIntentId());
        assertEquals(500, event.payment().totalCredits().amount());
        assertEquals(500, event.amountReceivedMinor());
        assertTrue(event.payment().paymentMethodId().orElseThrow().startsWith("pm_"));
    }

    @Test
    void card9995_isDeclinedForInsufficientFunds_andAFailedEventIsSent() throws Exception {
        PaymentsSimulator.Intent intent = newIntent("k2");
        PaymentsSimulator.Confirmation c = simulator.confirm(intent.clientSecret, "4000000000009995").orElseThrow();
        assertEquals("requires_payment_method", c.status());
        assertEquals("insufficient_funds", c.declineCode());
        assertInstanceOf(PaymentEvent.PaymentFailed.class, received());
        JsonNode pi = simulator.paymentIntentJson(intent);
        assertEquals("card_declined", pi.path("last_payment_error").path("code").asText());
    }

    @Test
    void card3155_asksForAuthentication_thenSucceedsWhenApproved() throws Exception {
        PaymentsSimulator.Intent intent = newIntent("k3");
        PaymentsSimulator.Confirmation c = simulator.confirm(intent.clientSecret, "4000002500003155").orElseThrow();
        assertEquals("requires_action", c.status());
        assertTrue(c.needsAction());
        assertTrue(deliveries.isEmpty(), "no event before the authentication step ends");
        assertEquals("succeeded", simulator.authenticate(intent.clientSecret, true).orElseThrow().status());
        assertInstanceOf(PaymentEvent.PaymentSucceeded.class, received());
    }

    @Test
    void createCalls_honourIdempotencyKeys_andAWrongClientSecretFindsNothing() {
        PaymentsSimulator.Intent first = newIntent("same");
        PaymentsSimulator.Intent again = newIntent("same");
        assertEquals(first.id, again.id);
        assertFalse(newIntent("other").id.equals(first.id));
        assertTrue(simulator.confirm(first.id + "_secret_wrong", "4242424242424242").isEmpty());
        assertEquals("requires_payment_method", simulator.intent(first.id).orElseThrow().status);
    }

    @Test
    void aRefusedDelivery_isRetried() throws Exception {
        refusals.set(1);
        PaymentsSimulator.Intent intent = newIntent("k4");
        simulator.confirm(intent.clientSecret, "4242424242424242").orElseThrow();
        assertInstanceOf(PaymentEvent.PaymentSucceeded.class, received());
        assertEquals(0, refusals.get());
    }

    @Test
    void signature_isStripesScheme() {
        String header = PaymentsSimulator.signature("{}", 1_700_000_000L, SECRET);
        assertTrue(header.matches("t=1700000000,v1=[0-9a-f]{64}"), header);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        StripeConfig lenient = config(StripeConfig.class, Map.of("webhookSecret", Optional.of(SECRET), "webhookSecretPrevious",
                Optional.empty(), "webhookTolerance", Duration.ofDays(365 * 100L)));
        assertTrue(new StripeWebhookVerifier(lenient, credentials()).verify(body, header));
    }

    private static StripeConfig stripeConfig() {
        return config(StripeConfig.class, Map.of("webhookSecret", Optional.of(SECRET), "webhookSecretPrevious", Optional.empty(),
                "webhookTolerance", Duration.ofMinutes(5)));
    }

    /** What the credentials producer resolves in dev mode without a key: the simulator's signing secret, test mode. */
    private static StripeCredentials credentials() {
        return new StripeCredentials(Optional.empty(), List.of(SECRET), "config");
    }

    private static CoinslotConfig coinslotConfig(String webhookUrl) {
        CoinslotConfig.Dev dev = config(CoinslotConfig.Dev.class, Map.of("paymentsWebhookUrl", webhookUrl));
        return config(CoinslotConfig.class, Map.of("dev", dev));
    }

    /** A config interface answering the given methods (by name); any other call is a test bug. */
    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
        });
    }
}

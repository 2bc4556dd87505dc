package dev.coinslot.adapter.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.port.PaymentEventParser;
import dev.coinslot.config.StripeCredentials;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Stripe event JSON with Jackson into the few fields reconciliation needs, without stripe-java's Gson models:
 * native-friendly, and indifferent to the event's {@code api_version} (which may differ from the library's, or be
 * null) because it only reads long-stable fields.
 */
@ApplicationScoped
public class StripeEventParser implements PaymentEventParser {

    private final ObjectMapper json;
    private final boolean live;

    /** The mode comes from the key this function holds, resolved like every Stripe value (its own secret in prod). */
    public StripeEventParser(ObjectMapper json, StripeCredentials credentials) {
        this.json = json;
        this.live = credentials.apiKey().map(StripeEventParser::liveKey).orElse(false);
    }

    /** Live-mode keys are {@code sk_live_…} (secret) and {@code rk_live_…} (restricted); every other key is a test key. */
    static boolean liveKey(String key) {
        return key.startsWith("sk_live_") || key.startsWith("rk_live_");
    }

    @Override
    public Optional<PaymentEvent> parse(byte[] rawBody) {
        JsonNode root;
        try {
            root = json.readTree(rawBody);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !"event".equals(root.path("object").asText())
                || !root.path("id").isTextual() || !root.path("type").isTextual() || !root.path("data").path("object").isObject()) {
            return Optional.empty();
        }
        String id = root.path("id").asText();
        String type = root.path("type").asText();
        JsonNode object = root.path("data").path("object");
        if (!root.path("livemode").isBoolean() || root.path("livemode").asBoolean() != live) {
            // a live event reaching a test deployment or the reverse: the endpoint is misconfigured, or it is not Stripe's
            return Optional.of(new PaymentEvent.Ignored(id, type, "livemode " + root.path("livemode") + " is not the key's mode"));
        }
        try {
            return Optional.of(switch (type) {
                case "payment_intent.succeeded" -> payment(object)
                        .<PaymentEvent>map(p -> new PaymentEvent.PaymentSucceeded(id, type, p, object.path("amount_received").asLong(0)))
                        .orElseGet(() -> new PaymentEvent.Ignored(id, type, "not a Coinslot payment"));
                case "payment_intent.payment_failed", "payment_intent.canceled" -> payment(object)
                        .<PaymentEvent>map(p -> new PaymentEvent.PaymentFailed(id, type, p))
                        .orElseGet(() -> new PaymentEvent.Ignored(id, type, "not a Coinslot payment"));
                case "charge.refunded" -> new PaymentEvent.ChargeRefunded(id, type, text(object, "payment_intent"),
                        object.path("amount").asLong(), object.path("amount_refunded").asLong());
                case "charge.dispute.created" -> new PaymentEvent.DisputeOpened(id, type, object.path("id").asText(),
                        text(object, "payment_intent"));
                case "charge.dispute.closed" -> new PaymentEvent.DisputeClosed(id, type, object.path("id").asText(),
                        text(object, "payment_intent"), switch (object.path("status").asText()) {
                            case "won" -> Optional.of(true);
                            case "lost" -> Optional.of(false);
                            default -> Optional.empty();
                        });
                default -> new PaymentEvent.Ignored(id, type, "type not handled");
            });
        } catch (IllegalArgumentException badField) {
            return Optional.of(new PaymentEvent.Ignored(id, type, "unusable Coinslot metadata: " + badField.getMessage()));
        }
    }

    /** The Coinslot payment a PaymentIntent object describes, if its metadata says it is one. */
    static Optional<Payment> payment(JsonNode pi) {
        JsonNode meta = pi.path("metadata");
        JsonNode method = pi.path("payment_method");
        String paymentMethod = method.isTextual() ? method.asText() : text(method, "id");
        return payment(pi.path("id").asText(), pi.path("amount").asLong(), pi.path("currency").asText(), pi.path("status").asText(),
                paymentMethod, key -> meta.path(key).isTextual() ? meta.path(key).asText() : null);
    }

    static Optional<Payment> payment(String id, long amount, String currency, String status, String paymentMethod,
            java.util.function.Function<String, String> meta) {
        String user = meta.apply(StripeMetadata.USER);
        String topUp = meta.apply(StripeMetadata.TOPUP);
        if (user == null || topUp == null) {
            return Optional.empty();
        }
        long base = Long.parseLong(require(meta, StripeMetadata.BASE));
        long bonus = Long.parseLong(require(meta, StripeMetadata.BONUS));
        long credits = Long.parseLong(require(meta, StripeMetadata.CREDITS));
        if (base <= 0 || bonus < 0 || credits != base + bonus) {
            throw new IllegalArgumentException("credits do not add up");
        }
        return Optional.of(new Payment(id, user, topUp, require(meta, StripeMetadata.PACK),
                Money.of(amount, currency.toUpperCase(Locale.ROOT)), Credits.of(base), Credits.of(bonus), status,
                Optional.ofNullable(paymentMethod).filter(pm -> !pm.isBlank()),
                Optional.ofNullable(meta.apply(StripeMetadata.DEPLOYMENT))));
    }

    /** The Coinslot payment a PaymentIntent's fields and metadata describe (also used by dev mode's payments simulator). */
    public static Optional<Payment> payment(String id, long amount, String currency, String status, String paymentMethod,
            Map<String, String> metadata) {
        return payment(id, amount, currency, status, paymentMethod, metadata == null ? k -> null : metadata::get);
    }

    private static String require(java.util.function.Function<String, String> meta, String key) {
        String value = meta.apply(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("metadata " + key + " missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}

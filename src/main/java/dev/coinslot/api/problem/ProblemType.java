package dev.coinslot.api.problem;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every kind of problem the API answers with: its slug (the last segment of {@code type}), HTTP status, title and the
 * extension fields it may carry. The one place those are written; the resources and mappers supply only the detail and
 * the fields' values ({@link Problem#with} refuses a field its type does not declare). README's API
 * table lists the same slugs ({@code ProblemTypeTest} keeps them in step).
 */
public enum ProblemType {

    // front door and request syntax
    BAD_REQUEST("bad-request", 400, "Bad Request"),
    INVALID_HEADER("invalid-header", 400, "Invalid header"),
    MALFORMED_URI("malformed-uri", 400, "Malformed request URI"),
    MALFORMED_REQUEST("malformed-request", 400, "The request body cannot be read"),
    /** The same slug as {@link #MALFORMED_REQUEST}, answered by the front door before JSON parsing. */
    MALFORMED_BODY_ENCODING("malformed-request", 400, "Malformed request body"),
    INVALID_REQUEST("invalid-request", 400, "The request is invalid", "errors"),
    MISSING_IDEMPOTENCY_KEY("missing-idempotency-key", 400, "Idempotency-Key header required"),
    INVALID_IDEMPOTENCY_KEY("invalid-idempotency-key", 400, "Idempotency-Key header invalid"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method Not Allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not Acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported Media Type"),
    IDEMPOTENCY_KEY_REUSE("idempotency-key-reuse", 422, "Idempotency-Key already used"),

    // checkout
    INSUFFICIENT_CREDITS("insufficient-credits", 402, "Not enough credits",
            "balanceCredits", "priceCredits", "shortfallCredits", "suggestedPack"),
    SPEND_LIMIT_REACHED("spend-limit-reached", 402, "Spending limit reached",
            "limit", "limitCredits", "spentCredits", "priceCredits", "resetsAt"),
    AUTHENTICATION_REQUIRED("authentication-required", 402, "Card authentication required",
            "topUpId", "paymentIntentId", "clientSecret", "amountMinor", "currency"),
    CARD_DECLINED("card-declined", 402, "Card declined", "topUpId", "declineCode", "autoTopUpDisabled"),
    AUTO_TOP_UP_CAP_REACHED("auto-top-up-cap-reached", 402, "Auto top-up monthly cap reached",
            "capMinor", "chargedThisMonthMinor", "packPriceMinor", "currency", "resetsAt"),
    UNKNOWN_SKU("unknown-sku", 404, "Unknown SKU", "sku"),
    PRICE_CHANGED("price-changed", 409, "The price changed", "sku", "unitPriceCredits", "currentPriceCredits"),
    WALLET_FROZEN("wallet-frozen", 423, "Wallet frozen"),
    WALLET_BUSY("wallet-busy", 503, "Wallet busy"),
    AUTO_TOP_UP_PENDING("auto-top-up-pending", 503, "Auto top-up in progress", "topUpId"),
    ALREADY_OWNED("already-owned", 409, "Already owned", "sku"),

    // ownership: entitlements, purchases, refunds, access checks
    NOT_ENTITLED("not-entitled", 404, "Not entitled", "sku"),
    INSUFFICIENT_QUANTITY("insufficient-quantity", 409, "Not enough left", "sku", "availableQuantity", "requestedQuantity"),
    NOT_CONSUMABLE("not-consumable", 409, "Not consumable", "sku"),
    PURCHASE_NOT_FOUND("purchase-not-found", 404, "No such purchase"),
    ALREADY_REFUNDED("already-refunded", 409, "Already refunded", "purchaseId"),
    ALREADY_USED("already-used", 409, "Already used", "purchaseId", "sku"),
    REFUND_WINDOW_CLOSED("refund-window-closed", 409, "Refund window closed", "purchaseId", "refundableUntil"),
    REFUND_LIMIT_REACHED("refund-limit-reached", 429, "Refund limit reached", "maxPer30Days", "resetsAt"),

    // top-ups and wallet settings
    UNKNOWN_PACK("unknown-pack", 404, "Unknown credit pack", "packId"),
    UNSUPPORTED_CURRENCY("unsupported-currency", 400, "Currency not offered", "currency", "supportedCurrencies"),
    /** The same slug as {@link #UNKNOWN_PACK}: an auto top-up setting naming no pack is a 422. */
    UNKNOWN_PACK_SETTING("unknown-pack", 422, "Unknown credit pack", "packId"),
    TOO_MANY_TOP_UPS("too-many-top-ups", 429, "Too many top-ups", "maxPerHour", "resetsAt"),
    PAYMENTS_NOT_CONFIGURED("payments-not-configured", 503, "Payments not configured"),
    INVALID_LIMIT("invalid-limit", 400, "Invalid limit"),
    INVALID_CURSOR("invalid-cursor", 400, "Invalid cursor"),
    LIMITS_MANAGED_BY_GUARDIAN("limits-managed-by-guardian", 403, "Limits managed by a guardian"),
    NO_SAVED_CARD("no-saved-card", 409, "No saved card"),
    INVALID_MONTHLY_CAP("invalid-monthly-cap", 422, "Invalid monthly cap", "minMinor", "maxMinor"),

    // guardians
    GUARDIAN_ALREADY_LINKED("guardian-already-linked", 409, "Guardian already linked"),
    INVALID_INVITE_CODE("invalid-invite-code", 400, "Invalid invitation code"),
    INVALID_USER_ID("invalid-user-id", 400, "Invalid user id"),
    INVALID_MANAGED("invalid-managed", 400, "Invalid managed flag"),
    NOT_GUARDIAN("not-guardian", 403, "Not this wallet's guardian"),
    INVITE_NOT_FOUND("invite-not-found", 404, "No such invitation"),
    OWN_INVITE("own-invite", 422, "Own invitation"),

    // operator (admin function)
    INVALID_CATALOG("invalid-catalog", 422, "Invalid catalog", "problems"),
    UNKNOWN_EXPERIMENT("unknown-experiment", 404, "Unknown experiment", "experimentId"),
    EXPERIMENT_STARTED("experiment-started", 409, "Experiment already started", "experimentId", "startsAt"),
    EXPERIMENT_OVERLAPS("experiment-overlaps", 409, "Overlapping experiment", "sku", "otherExperimentId"),
    INVALID_EXPERIMENT("invalid-experiment", 422, "Invalid experiment", "problems"),
    INVALID_PERIOD("invalid-period", 400, "Invalid period", "maxDays"),
    INVALID_GROUP_BY("invalid-group-by", 400, "Invalid groupBy", "allowed"),

    // loyalty
    DAILY_REWARD_NOT_OFFERED("daily-reward-not-offered", 404, "No daily reward"),
    GRANT_ABOVE_CAP("grant-above-cap", 422, "Grant above the daily cap", "capCredits"),
    GRANT_REFERENCE_REUSE("grant-reference-reuse", 422, "Grant reference already used", "reference"),
    GRANT_CAP_REACHED("grant-cap-reached", 429, "Daily grant cap reached", "capCredits", "grantedTodayCredits", "resetsAt"),

    // Stripe webhook
    INVALID_SIGNATURE("invalid-signature", 400, "Invalid signature"),
    MALFORMED_EVENT("malformed-event", 400, "Malformed event"),
    EVENT_DEFERRED("event-deferred", 503, "Event not applied yet"),

    // dev mode payments simulator
    INCORRECT_CARD_NUMBER("incorrect-card-number", 400, "Incorrect card number"),
    EXPIRED_CARD("expired-card", 400, "Expired card"),

    // failures on our side
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Temporarily unavailable"),
    PAYMENTS_UNAVAILABLE("payments-unavailable", 503, "Card payments temporarily unavailable");

    private final String slug;
    private final int status;
    private final String title;
    private final Set<String> fields;

    ProblemType(String slug, int status, String title, String... fields) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.fields = Set.of(fields);
    }

    /** The extension fields of each slug (a slug's variants declare the same ones). */
    private static final Map<String, Set<String>> FIELDS_BY_SLUG = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ProblemType::slug, ProblemType::fields, (a, b) -> a));

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The extension fields a problem of this type may carry, beside type, title, status and detail. */
    public Set<String> fields() {
        return fields;
    }

    static boolean declares(String slug, String field) {
        return FIELDS_BY_SLUG.getOrDefault(slug, Set.of()).contains(field);
    }

    /** A new problem of this type; add extension fields with {@link Problem#with}. */
    public Problem problem(String detail) {
        return Problem.of(status, slug, title, detail);
    }

    /**
     * A refusal by the HTTP stack itself ({@code WebApplicationException}): this type's slug with the status and reason
     * phrase the framework chose.
     */
    Problem refusal(int status, String title, String detail) {
        return Problem.of(status, slug, title, detail);
    }

    /** The type of a refusal by the HTTP stack with this 4xx status: the standard ones by name, others bad-request. */
    static ProblemType ofFrameworkStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> BAD_REQUEST;
        };
    }
}

package dev.coinslot.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loopback stand-in for {@code api.stripe.com}: an in-memory customer/payment-intent/charge store shaped on Stripe's
 * official fixtures ({@code /stripe/*.json}), with API-key checks, Stripe's idempotency-key semantics, request recording,
 * and one-shot programmable faults (error answers, delays, dropped connections, lost responses) for resilience tests.
 */
public final class StripeStub implements AutoCloseable {

    public static final String DEFAULT_API_KEY = "sk_test_coinslot";

    /** One request as received; {@code form} holds the form body (POST) or query string (GET) keyed by literal names. */
    public record Recorded(String method, String path, Map<String, List<String>> form, Map<String, String> headers,
            String rawBody) {

        public String param(String name) {
            List<String> values = form.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
    private static final Map<String, Map<String, Object>> FIXTURES = new HashMap<>();
    private static final Pattern PAYMENT_INTENT = Pattern.compile("/v1/payment_intents/([^/]+)");
    private static final Pattern PAYMENT_INTENT_CONFIRM = Pattern.compile("/v1/payment_intents/([^/]+)/confirm");
    /** Stripe's test payment methods whose off-session confirmation fails, with the error code and decline code. */
    public static final String PM_SUCCEEDS = "pm_card_visa";
    public static final String PM_AUTHENTICATION_REQUIRED = "pm_card_authenticationRequired";
    public static final String PM_DECLINED = "pm_card_chargeDeclined";
    public static final String PM_INSUFFICIENT_FUNDS = "pm_card_chargeDeclinedInsufficientFunds";
    private static final Pattern CUSTOMER = Pattern.compile("/v1/customers/([^/]+)");
    private static final Pattern CHARGE = Pattern.compile("/v1/charges/([^/]+)");
    private static final Pattern METADATA = Pattern.compile("metadata\\[(.+)]");
    private static final Pattern CREATED_FILTER = Pattern.compile("created\\[(gte|gt|lte|lt)]");
    private static final Pattern PAYMENT_METHOD_TYPE = Pattern.compile("payment_method_types\\[\\d*]");
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private enum FaultKind { FAIL, FAIL_AFTER_COMMIT, DELAY, DROP, DROP_AFTER_COMMIT }

    private static final class Fault {
        final String method;
        final String pathPrefix;
        final FaultKind kind;
        final int status;
        final String errorType;
        final Map<String, String> headers;
        final long millis;
        int remaining;

        Fault(String method, String pathPrefix, FaultKind kind, int times, int status, String errorType,
                Map<String, String> headers, long millis) {
            this.method = method.toUpperCase(Locale.ROOT);
            this.pathPrefix = pathPrefix;
            this.kind = kind;
            this.remaining = times;
            this.status = status;
            this.errorType = errorType;
            this.headers = headers;
            this.millis = millis;
        }

        boolean matches(String requestMethod, String path) {
            return method.equals(requestMethod) && path.startsWith(pathPrefix);
        }
    }

    private record Response(int status, String body, Map<String, String> headers, boolean storable) {

        static Response ok(Object body) {
            return new Response(200, toJson(body), Map.of(), true);
        }
    }

    private record StoredResult(Map<String, List<String>> params, int status, String body, String requestId) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private volatile String apiKey = DEFAULT_API_KEY;

    private final List<Recorded> recorded = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<String, StoredResult> idempotency = new HashMap<>();
    private final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> paymentIntents = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> charges = new LinkedHashMap<>();

    private StripeStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "stripe-stub");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StripeStub start() {
        try {
            return new StripeStub();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Stripe stub", e);
        }
    }

    public static StripeStub start(String apiKey) {
        StripeStub stub = start();
        stub.expectApiKey(apiKey);
        return stub;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void expectApiKey(String apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey);
    }

    public String apiKey() {
        return apiKey;
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    /** Forgets all objects, idempotency records, recorded requests and pending faults (the expected key stays). */
    public void reset() {
        synchronized (lock) {
            recorded.clear();
            faults.clear();
            idempotency.clear();
            customers.clear();
            paymentIntents.clear();
            charges.clear();
        }
    }

    /** Drops every pending fault, keeping objects and idempotency records. */
    public void clearFaults() {
        synchronized (lock) {
            faults.clear();
        }
    }

    public List<Recorded> requests() {
        synchronized (lock) {
            return List.copyOf(recorded);
        }
    }

    public List<Recorded> requests(String method, String pathPrefix) {
        String m = method.toUpperCase(Locale.ROOT);
        synchronized (lock) {
            return recorded.stream().filter(r -> r.method().equals(m) && r.path().startsWith(pathPrefix)).toList();
        }
    }

    /** The next matching request is answered with {@code status} and a Stripe error of {@code errorType}, unexecuted. */
    public void failNext(String method, String pathPrefix, int status, String errorType) {
        failNext(method, pathPrefix, 1, status, errorType);
    }

    /**
     * The next {@code times} matching requests are answered with {@code status} and a Stripe error of {@code errorType},
     * without executing. Default headers: 429 carries {@code Stripe-Should-Retry: false} (stripe-java does not retry it);
     * 5xx carries none, so stripe-java's own retry policy (retry 409 and 5xx) applies.
     */
    public void failNext(String method, String pathPrefix, int times, int status, String errorType) {
        Map<String, String> headers = status == 429 ? Map.of("Stripe-Should-Retry", "false") : Map.of();
        failNext(method, pathPrefix, times, status, errorType, headers);
    }

    /** As {@link #failNext(String, String, int, int, String)} with explicit extra response headers. */
    public void failNext(String method, String pathPrefix, int times, int status, String errorType, Map<String, String> headers) {
        addFault(new Fault(method, pathPrefix, FaultKind.FAIL, times, status, errorType, Map.copyOf(headers), 0));
    }

    /** The next matching request sleeps {@code millis} first, then is executed and answered normally. */
    public void delayNext(String method, String pathPrefix, long millis) {
        addFault(new Fault(method, pathPrefix, FaultKind.DELAY, 1, 0, null, Map.of(), millis));
    }

    /** The next matching request is not executed; the connection closes mid-body, so the client sees an IOException. */
    public void dropConnectionNext(String method, String pathPrefix) {
        addFault(new Fault(method, pathPrefix, FaultKind.DROP, 1, 0, null, Map.of(), 0));
    }

    /** The next matching request is executed (state and idempotency record stored), then answered with {@code status}. */
    public void failAfterCommitNext(String method, String pathPrefix, int status) {
        String type = status == 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error";
        addFault(new Fault(method, pathPrefix, FaultKind.FAIL_AFTER_COMMIT, 1, status, type, Map.of(), 0));
    }

    /** The next matching request is executed (state and idempotency record stored), then its connection is dropped. */
    public void dropConnectionAfterCommitNext(String method, String pathPrefix) {
        addFault(new Fault(method, pathPrefix, FaultKind.DROP_AFTER_COMMIT, 1, 0, null, Map.of(), 0));
    }

    private void addFault(Fault fault) {
        if (fault.remaining < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        synchronized (lock) {
            faults.add(fault);
        }
    }

    private Fault takeFault(String method, String path) {
        synchronized (lock) {
            for (Iterator<Fault> it = faults.iterator(); it.hasNext();) {
                Fault fault = it.next();
                if (fault.matches(method, path)) {
                    if (--fault.remaining == 0) {
                        it.remove();
                    }
                    return fault;
                }
            }
            return null;
        }
    }

    /** A copy of the payment intent, or null if unknown. */
    public Map<String, Object> paymentIntent(String id) {
        synchronized (lock) {
            return copy(paymentIntents.get(id));
        }
    }

    /** Copies of all payment intents, in creation order. */
    public List<Map<String, Object>> paymentIntents() {
        synchronized (lock) {
            return paymentIntents.values().stream().map(StripeStub::copy).toList();
        }
    }

    public int paymentIntentCount() {
        synchronized (lock) {
            return paymentIntents.size();
        }
    }

    /** A copy of the customer, or null if unknown. */
    public Map<String, Object> customer(String id) {
        synchronized (lock) {
            return copy(customers.get(id));
        }
    }

    /** Copies of all customers, in creation order. */
    public List<Map<String, Object>> customers() {
        synchronized (lock) {
            return customers.values().stream().map(StripeStub::copy).toList();
        }
    }

    public int customerCount() {
        synchronized (lock) {
            return customers.size();
        }
    }

    /** A copy of the charge, or null if unknown. */
    public Map<String, Object> charge(String id) {
        synchronized (lock) {
            return copy(charges.get(id));
        }
    }

    /** The payment intent's {@code latest_charge} id, or null. */
    public String latestCharge(String paymentIntentId) {
        synchronized (lock) {
            return (String) existingPaymentIntent(paymentIntentId).get("latest_charge");
        }
    }

    /**
     * Sets the status as if the payment had progressed. {@code succeeded} also sets {@code amount_received}, a new
     * {@code payment_method} and a new succeeded charge as {@code latest_charge}; {@code canceled} sets {@code canceled_at}.
     */
    public void setPaymentIntentStatus(String id, String status) {
        synchronized (lock) {
            Map<String, Object> intent = existingPaymentIntent(id);
            intent.put("status", status);
            if ("succeeded".equals(status)) {
                succeed(intent);
            } else if ("canceled".equals(status)) {
                intent.put("canceled_at", Instant.now().getEpochSecond());
            }
        }
    }

    private void succeed(Map<String, Object> intent) {
        intent.put("status", "succeeded");
        intent.put("amount_received", intent.get("amount"));
        intent.put("amount_capturable", 0);
        intent.put("next_action", null);
        intent.put("last_payment_error", null);
        if (intent.get("payment_method") == null) {
            intent.put("payment_method", newId("pm_"));
        }
        if (intent.get("latest_charge") == null) {
            intent.put("latest_charge", createCharge(intent));
        }
    }

    /**
     * Stores a payment intent as if it had been created outside Coinslot (the Dashboard, a Payment Link, another
     * deployment), created now; with status {@code succeeded} it gets a charge like {@link #setPaymentIntentStatus}.
     */
    public void putPaymentIntent(Map<String, Object> intent) {
        synchronized (lock) {
            Map<String, Object> stored = copy(intent);
            stored.put("created", Instant.now().getEpochSecond());
            stored.put("latest_charge", null);
            paymentIntents.put((String) stored.get("id"), stored);
            if ("succeeded".equals(stored.get("status"))) {
                succeed(stored);
            }
        }
    }

    /** Overwrites one top-level field of a stored payment intent (e.g. {@code created}, for list-filter tests). */
    public void putPaymentIntentField(String id, String field, Object value) {
        synchronized (lock) {
            existingPaymentIntent(id).put(field, copyValue(value));
        }
    }

    private Map<String, Object> existingPaymentIntent(String id) {
        Map<String, Object> intent = paymentIntents.get(id);
        if (intent == null) {
            throw new IllegalArgumentException("no payment intent " + id + " in the Stripe stub");
        }
        return intent;
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String requestId = newId("req_");
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            String rawBody;
            try (InputStream in = exchange.getRequestBody()) {
                rawBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Map<String, List<String>> form = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), form);
            String contentType = headers.getOrDefault("content-type", "");
            if (!"GET".equals(method) && (contentType.isEmpty() || contentType.startsWith("application/x-www-form-urlencoded"))) {
                parseForm(rawBody, form);
            }
            Map<String, List<String>> frozenForm = new LinkedHashMap<>();
            form.forEach((k, v) -> frozenForm.put(k, List.copyOf(v)));
            synchronized (lock) {
                recorded.add(new Recorded(method, path, Collections.unmodifiableMap(frozenForm),
                        Collections.unmodifiableMap(headers), rawBody));
            }

            String authorization = headers.get("authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                send(exchange, requestId, error(401, "invalid_request_error", null, null,
                        "You did not provide an API key. You need to provide your API key in the Authorization header, "
                                + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."));
                return;
            }
            String presented = authorization.substring("Bearer ".length()).trim();
            if (!presented.equals(apiKey)) {
                send(exchange, requestId, error(401, "invalid_request_error", null, null,
                        "Invalid API Key provided: " + redact(presented)));
                return;
            }

            Fault fault = takeFault(method, path);
            if (fault != null) {
                switch (fault.kind) {
                    case DELAY -> {
                        try {
                            Thread.sleep(fault.millis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    case DROP -> {
                        drop(exchange);
                        return;
                    }
                    case FAIL -> {
                        // Real Stripe stores the result of a request that began executing, 500s included, and replays it
                        // for the same key. Injected faults are "the request never executed": nothing is stored, so a
                        // retry with the same idempotency key is executed afresh (tests rely on this).
                        Response failure = injectedError(fault.status, fault.errorType);
                        Map<String, String> merged = new LinkedHashMap<>(failure.headers());
                        merged.putAll(fault.headers);
                        send(exchange, requestId, new Response(failure.status(), failure.body(), merged, false));
                        return;
                    }
                    case FAIL_AFTER_COMMIT -> {
                        execute(method, path, form, headers, requestId);
                        send(exchange, requestId, injectedError(fault.status, fault.errorType));
                        return;
                    }
                    case DROP_AFTER_COMMIT -> {
                        execute(method, path, form, headers, requestId);
                        drop(exchange);
                        return;
                    }
                }
            }
            send(exchange, requestId, execute(method, path, form, headers, requestId));
        } catch (IOException e) {
            // the client went away (timed out or closed); nothing to answer
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private Response execute(String method, String path, Map<String, List<String>> form, Map<String, String> headers,
            String requestId) {
        synchronized (lock) {
            String key = headers.get("idempotency-key");
            String scopedKey = "POST".equals(method) && key != null ? path + " " + key : null;
            Map<String, List<String>> params = new TreeMap<>(form);
            if (scopedKey != null) {
                StoredResult stored = idempotency.get(scopedKey);
                if (stored != null) {
                    if (!stored.params().equals(params)) {
                        return error(400, "idempotency_error", null, null,
                                "Keys for idempotent requests can only be used with the same parameters they were first used "
                                        + "with. Try using a key other than '" + key
                                        + "' if you meant to execute a different request.");
                    }
                    return new Response(stored.status(), stored.body(),
                            Map.of("Idempotent-Replayed", "true", "Original-Request", stored.requestId()), false);
                }
            }
            Response response;
            try {
                response = route(method, path, form);
            } catch (RuntimeException e) {
                e.printStackTrace();
                return error(500, "api_error", null, null, "Stripe stub failure: " + e);
            }
            if (scopedKey != null && response.storable()) {
                idempotency.put(scopedKey, new StoredResult(params, response.status(), response.body(), requestId));
            }
            return response;
        }
    }

    private Response route(String method, String path, Map<String, List<String>> form) {
        Matcher m;
        if ("POST".equals(method) && path.equals("/v1/customers")) {
            return createCustomer(form);
        }
        if ("POST".equals(method) && path.equals("/v1/payment_intents")) {
            return createPaymentIntent(form);
        }
        if ("GET".equals(method) && path.equals("/v1/payment_intents")) {
            return listPaymentIntents(form);
        }
        if ("POST".equals(method) && (m = PAYMENT_INTENT_CONFIRM.matcher(path)).matches()) {
            return confirmPaymentIntent(m.group(1), form);
        }
        if ("GET".equals(method) && (m = PAYMENT_INTENT.matcher(path)).matches()) {
            return retrieve(paymentIntents, m.group(1), "payment_intent", "intent");
        }
        if ("GET".equals(method) && (m = CUSTOMER.matcher(path)).matches()) {
            return retrieve(customers, m.group(1), "customer", "id");
        }
        if ("GET".equals(method) && (m = CHARGE.matcher(path)).matches()) {
            return retrieve(charges, m.group(1), "charge", "charge");
        }
        return error(404, "invalid_request_error", null, null, "Unrecognized request URL (" + method + ": " + path
                + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
    }

    private Response retrieve(Map<String, Map<String, Object>> store, String id, String objectName, String param) {
        Map<String, Object> object = store.get(id);
        if (object == null) {
            return error(404, "invalid_request_error", "resource_missing", param, "No such " + objectName + ": '" + id + "'");
        }
        return Response.ok(object);
    }

    private Response createCustomer(Map<String, List<String>> form) {
        Map<String, Object> customer = fixture("customer");
        String id = newId("cus_");
        customer.put("id", id);
        customer.put("created", Instant.now().getEpochSecond());
        customer.put("email", first(form, "email"));
        customer.put("name", first(form, "name"));
        customer.put("description", first(form, "description"));
        customer.put("phone", first(form, "phone"));
        customer.put("discount", null);
        customer.put("shipping", null);
        customer.put("metadata", metadata(form));
        customers.put(id, customer);
        return Response.ok(customer);
    }

    private Response createPaymentIntent(Map<String, List<String>> form) {
        String amountParam = first(form, "amount");
        if (amountParam == null) {
            return error(400, "invalid_request_error", "parameter_missing", "amount", "Missing required param: amount.");
        }
        long amount;
        try {
            amount = Long.parseLong(amountParam);
        } catch (NumberFormatException e) {
            return error(400, "invalid_request_error", "parameter_invalid_integer", "amount", "Invalid integer: " + amountParam);
        }
        String currency = first(form, "currency");
        if (currency == null) {
            return error(400, "invalid_request_error", "parameter_missing", "currency", "Missing required param: currency.");
        }

        Map<String, Object> intent = fixture("payment_intent");
        String id = newId("pi_");
        intent.put("id", id);
        intent.put("client_secret", id + "_secret_" + randomAlphanumeric(25));
        intent.put("amount", amount);
        intent.put("amount_capturable", 0);
        intent.put("amount_received", 0);
        intent.put("currency", currency.toLowerCase(Locale.ROOT));
        intent.put("customer", first(form, "customer"));
        intent.put("setup_future_usage", first(form, "setup_future_usage"));
        intent.put("description", first(form, "description"));
        intent.put("receipt_email", first(form, "receipt_email"));
        intent.put("payment_method", first(form, "payment_method"));
        intent.put("capture_method", Objects.requireNonNullElse(first(form, "capture_method"), "automatic"));
        intent.put("metadata", metadata(form));
        // With a payment method attached the intent waits for confirmation, as Stripe's does.
        intent.put("status", first(form, "payment_method") == null ? "requires_payment_method" : "requires_confirmation");
        intent.put("created", Instant.now().getEpochSecond());
        intent.put("latest_charge", null);
        intent.put("canceled_at", null);
        intent.put("cancellation_reason", null);
        intent.put("last_payment_error", null);
        intent.put("next_action", null);
        intent.put("processing", null);
        intent.put("shipping", null);
        intent.put("transfer_data", null);
        if ("true".equals(first(form, "automatic_payment_methods[enabled]"))) {
            Map<String, Object> automatic = new LinkedHashMap<>();
            automatic.put("allow_redirects",
                    Objects.requireNonNullElse(first(form, "automatic_payment_methods[allow_redirects]"), "always"));
            automatic.put("enabled", true);
            intent.put("automatic_payment_methods", automatic);
        } else {
            intent.put("automatic_payment_methods", null);
        }
        List<String> types = form.entrySet().stream()
                .filter(e -> PAYMENT_METHOD_TYPE.matcher(e.getKey()).matches())
                .flatMap(e -> e.getValue().stream())
                .toList();
        if (!types.isEmpty()) {
            intent.put("payment_method_types", new ArrayList<>(types));
        }
        paymentIntents.put(id, intent);
        return Response.ok(intent);
    }

    /**
     * Confirms a payment intent the way Stripe treats its test payment methods off-session: {@link #PM_SUCCEEDS} (and
     * any other id) succeeds; {@link #PM_AUTHENTICATION_REQUIRED} fails with {@code authentication_required};
     * {@link #PM_DECLINED} and {@link #PM_INSUFFICIENT_FUNDS} are declined. Failures answer 402 with the intent in the
     * error, leave it in {@code requires_payment_method} with {@code last_payment_error}, and are kept for the
     * idempotency key like Stripe keeps them.
     */
    private Response confirmPaymentIntent(String id, Map<String, List<String>> form) {
        Map<String, Object> intent = paymentIntents.get(id);
        if (intent == null) {
            return error(404, "invalid_request_error", "resource_missing", "intent", "No such payment_intent: '" + id + "'");
        }
        Object status = intent.get("status");
        if (!"requires_confirmation".equals(status) && !"requires_payment_method".equals(status)) {
            return error(400, "invalid_request_error", "payment_intent_unexpected_state", null,
                    "This PaymentIntent's status is " + status + " and cannot be confirmed.");
        }
        String paymentMethod = Objects.requireNonNullElse(first(form, "payment_method"), (String) intent.get("payment_method"));
        if (paymentMethod == null) {
            return error(400, "invalid_request_error", "payment_intent_unexpected_state", "payment_method",
                    "You cannot confirm this PaymentIntent because it's missing a payment method.");
        }
        intent.put("payment_method", paymentMethod);
        String[] failure = switch (paymentMethod) {
            case PM_AUTHENTICATION_REQUIRED -> new String[] {"authentication_required", null,
                    "Your card was declined. This transaction requires authentication."};
            case PM_DECLINED -> new String[] {"card_declined", "generic_decline", "Your card was declined."};
            case PM_INSUFFICIENT_FUNDS -> new String[] {"card_declined", "insufficient_funds", "Your card has insufficient funds."};
            default -> null;
        };
        if (failure == null) {
            succeed(intent);
            return Response.ok(intent);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", failure[0]);
        if (failure[1] != null) {
            error.put("decline_code", failure[1]);
        }
        error.put("doc_url", "https://stripe.com/docs/error-codes/" + failure[0].replace('_', '-'));
        error.put("message", failure[2]);
        error.put("payment_method", Map.of("id", paymentMethod, "object", "payment_method", "type", "card"));
        error.put("type", "card_error");
        intent.put("status", "requires_payment_method");
        intent.put("last_payment_error", new LinkedHashMap<>(error));
        error.put("payment_intent", copyValue(intent));
        return new Response(402, toJson(Map.of("error", error)), Map.of(), true);
    }

    /** The customer finished authentication on-session (Stripe.js): the intent succeeds with a charge. */
    public void completeAuthentication(String paymentIntentId) {
        setPaymentIntentStatus(paymentIntentId, "succeeded");
    }

    private Response listPaymentIntents(Map<String, List<String>> form) {
        int limit = 10;
        String limitParam = first(form, "limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) {
                return error(400, "invalid_request_error", "parameter_invalid_integer", "limit",
                        "Invalid integer: " + limitParam + ". Must be between 1 and 100.");
            }
        }

        List<Map<String, Object>> ordered = new ArrayList<>(paymentIntents.values());
        Collections.reverse(ordered);
        ordered.sort(Comparator.comparingLong((Map<String, Object> pi) -> ((Number) pi.get("created")).longValue()).reversed());

        String startingAfter = first(form, "starting_after");
        String endingBefore = first(form, "ending_before");
        String cursor = startingAfter != null ? startingAfter : endingBefore;
        if (cursor != null) {
            int index = indexOf(ordered, cursor);
            if (index < 0) {
                return error(404, "invalid_request_error", "resource_missing",
                        startingAfter != null ? "starting_after" : "ending_before", "No such payment_intent: '" + cursor + "'");
            }
            ordered = startingAfter != null
                    ? new ArrayList<>(ordered.subList(index + 1, ordered.size()))
                    : new ArrayList<>(ordered.subList(0, index));
        }

        List<LongPredicate> createdFilters = new ArrayList<>();
        String createdExact = first(form, "created");
        if (createdExact != null) {
            long value = Long.parseLong(createdExact);
            createdFilters.add(c -> c == value);
        }
        for (Map.Entry<String, List<String>> entry : form.entrySet()) {
            Matcher m = CREATED_FILTER.matcher(entry.getKey());
            if (m.matches()) {
                long value = Long.parseLong(entry.getValue().get(0));
                createdFilters.add(switch (m.group(1)) {
                    case "gte" -> c -> c >= value;
                    case "gt" -> c -> c > value;
                    case "lte" -> c -> c <= value;
                    default -> c -> c < value;
                });
            }
        }
        String customer = first(form, "customer");
        List<Map<String, Object>> matching = ordered.stream()
                .filter(pi -> createdFilters.stream().allMatch(f -> f.test(((Number) pi.get("created")).longValue())))
                .filter(pi -> customer == null || customer.equals(pi.get("customer")))
                .toList();

        List<Map<String, Object>> page = startingAfter == null && endingBefore != null
                ? matching.subList(Math.max(0, matching.size() - limit), matching.size())
                : matching.subList(0, Math.min(limit, matching.size()));
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", page);
        list.put("has_more", matching.size() > page.size());
        list.put("url", "/v1/payment_intents");
        return Response.ok(list);
    }

    private static int indexOf(List<Map<String, Object>> objects, String id) {
        for (int i = 0; i < objects.size(); i++) {
            if (id.equals(objects.get(i).get("id"))) {
                return i;
            }
        }
        return -1;
    }

    private String createCharge(Map<String, Object> intent) {
        Map<String, Object> charge = fixture("charge");
        String id = newId("ch_");
        charge.put("id", id);
        charge.put("amount", intent.get("amount"));
        charge.put("amount_captured", intent.get("amount"));
        charge.put("amount_refunded", 0);
        charge.put("balance_transaction", newId("txn_"));
        charge.put("captured", true);
        charge.put("created", Instant.now().getEpochSecond());
        charge.put("currency", intent.get("currency"));
        charge.put("customer", intent.get("customer"));
        charge.put("description", intent.get("description"));
        charge.put("metadata", copyValue(intent.get("metadata")));
        charge.put("paid", true);
        charge.put("payment_intent", intent.get("id"));
        charge.put("payment_method", intent.get("payment_method"));
        charge.put("receipt_url", null);
        charge.put("refunded", false);
        charge.put("disputed", false);
        charge.put("status", "succeeded");
        charge.put("shipping", null);
        charge.put("source", null);
        charge.put("transfer_data", null);
        Map<String, Object> refunds = new LinkedHashMap<>();
        refunds.put("data", new ArrayList<>());
        refunds.put("has_more", false);
        refunds.put("object", "list");
        refunds.put("url", "/v1/charges/" + id + "/refunds");
        charge.put("refunds", refunds);
        charges.put(id, charge);
        return id;
    }

    private static Response injectedError(int status, String errorType) {
        String code = switch (errorType == null ? "" : errorType) {
            case "rate_limit_error" -> "rate_limit";
            case "card_error" -> "card_declined";
            default -> null;
        };
        return error(status, errorType, code, null, "Injected " + errorType + " (HTTP " + status + ") from the Stripe stub.");
    }

    private static Response error(int status, String type, String code, String param, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        error.put("type", type);
        return new Response(status, toJson(Map.of("error", error)), Map.of(), false);
    }

    private static void send(HttpExchange exchange, String requestId, Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", requestId);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Promises a 1 KiB body, sends a few bytes and closes the socket: the client reads a premature EOF (an IOException)
     * after the status line, so the JDK client cannot silently resend the POST. Closing the exchange rather than the
     * body stream is what makes HttpServer close the connection (its body stream's close fails and it drops the socket).
     */
    private static void drop(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 1024);
        OutputStream out = exchange.getResponseBody();
        out.write("{\"id\": \"".getBytes(StandardCharsets.UTF_8));
        out.flush();
        exchange.close();
    }

    private static void parseForm(String encoded, Map<String, List<String>> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, Object> metadata(Map<String, List<String>> form) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            Matcher m = METADATA.matcher(name);
            if (m.matches() && !values.isEmpty() && !values.get(0).isEmpty()) {
                metadata.put(m.group(1), values.get(0));
            }
        });
        return metadata;
    }

    private static String redact(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        int prefix = key.lastIndexOf('_') + 1;
        if (prefix <= 0 || prefix > key.length() - 8) {
            prefix = 0;
        }
        return key.substring(0, prefix) + "*".repeat(key.length() - prefix - 4) + key.substring(key.length() - 4);
    }

    private static String newId(String prefix) {
        return prefix + randomAlphanumeric(24);
    }

    private static String randomAlphanumeric(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    private static Map<String, Object> fixture(String name) {
        synchronized (FIXTURES) {
            Map<String, Object> fixture = FIXTURES.computeIfAbsent(name, n -> {
                try (InputStream in = StripeStub.class.getResourceAsStream("/stripe/" + n + ".json")) {
                    if (in == null) {
                        throw new IllegalStateException("missing test resource /stripe/" + n + ".json");
                    }
                    return JSON.readValue(in, OBJECT);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return copy(fixture);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        return map == null ? null : (Map<String, Object>) copyValue(map);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, copyValue(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(copyValue(v)));
            return copy;
        }
        return value;
    }
}

package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.coinslot.api.Caller;
import dev.coinslot.api.IdempotencyKeys;
import dev.coinslot.api.checkout.CheckoutResource;
import dev.coinslot.api.checkout.CheckoutResource.CheckoutRequest;
import dev.coinslot.api.problem.ProblemMapper;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.checkout.CheckoutService;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import dev.coinslot.config.StageClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The direct path for {@code POST /checkout} (see {@link LambdaFrontDoor}). It takes a request only when the HTTP
 * stack would hand exactly the same values to {@link CheckoutResource}: the route, a JSON content type and accepted
 * answer type, a body within the size limit that the same {@link ObjectMapper} reads and the same {@link Validator}
 * accepts, a valid {@code Idempotency-Key} without commas and validated JWT claims. For anything else it returns
 * nothing and the HTTP stack answers, so every refusal keeps its one implementation. Accepted requests are
 * answered by {@link CheckoutResource#answer} and the problem mapping of {@link ProblemMapper}.
 */
@ApplicationScoped
public class DirectCheckout {

    private static final String PATH = "/checkout";
    private static final List<String> JSON_TYPES = List.of("application/json", "application/json;charset=utf-8",
            "application/json; charset=utf-8");

    private final boolean enabled;
    private final int maxRequestBytes;
    private final ObjectReader reader;
    private final LambdaAnswers answers;
    private final Validator validator;
    private final CheckoutService checkout;
    private final ProblemMapper problems = new ProblemMapper();
    private final AtomicLong served = new AtomicLong();

    public DirectCheckout(CoinslotConfig config, ObjectMapper json, Validator validator, CheckoutService checkout,
            LambdaAnswers answers) {
        this.enabled = config.directCheckout()
                && (config.function() == FunctionName.checkout || config.function() == FunctionName.all);
        this.maxRequestBytes = config.maxRequestBytes();
        this.reader = json.readerFor(CheckoutRequest.class);
        this.answers = answers;
        this.validator = validator;
        this.checkout = checkout;
        StageClock.enable(config.benchStages());
    }

    /** The answer to {@code event}, or empty when the HTTP stack must serve it. */
    Optional<APIGatewayV2HTTPResponse> serve(APIGatewayV2HTTPEvent event) {
        return command(event).map(this::answer);
    }

    /** The checkout the HTTP stack would hand to {@link CheckoutResource}; empty for anything it must judge itself. */
    private Optional<CheckoutCommand> command(APIGatewayV2HTTPEvent event) {
        if (!enabled || !isCheckoutRoute(event) || event.getIsBase64Encoded() || event.getBody() == null) {
            return Optional.empty();
        }
        Map<String, String> headers = event.getHeaders();
        if (headers == null || !isJson(header(headers, "content-type")) || !acceptsJson(header(headers, "accept"))) {
            return Optional.empty();
        }
        String key = header(headers, IdempotencyKeys.HEADER);
        String userId = Caller.subjectOf(event.getRequestContext()).orElse(null);
        if (key == null || key.indexOf(',') >= 0 || !IdempotencyKeys.isValid(key) || userId == null) {
            return Optional.empty();
        }
        byte[] body = event.getBody().getBytes(StandardCharsets.UTF_8);
        CheckoutRequest request;
        try {
            request = body.length > maxRequestBytes ? null : reader.readValue(body);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        StageClock.mark(StageClock.READ);
        if (request == null || !validator.validate(request).isEmpty()) {
            return Optional.empty();
        }
        StageClock.mark(StageClock.VALIDATED);
        return Optional.of(new CheckoutCommand(userId, key, request.sku(), request.quantity(), request.expectedPriceCredits()));
    }

    /** The same answer the HTTP stack gives: {@link CheckoutResource#answer}, problems by {@link ProblemMapper}. */
    private APIGatewayV2HTTPResponse answer(CheckoutCommand command) {
        RestResponse<?> answer;
        try {
            answer = CheckoutResource.answer(checkout.checkout(command));
        } catch (RuntimeException e) {
            answer = problems.answer(e);
        }
        StageClock.mark(StageClock.SERVICE_DONE);
        served.incrementAndGet();
        return answers.of(answer);
    }

    /** Reads and validates a sample checkout body with the same reader and validator (see {@link Priming}). */
    boolean prime() {
        try {
            CheckoutRequest sample = reader.readValue("{\"sku\":\"priming\",\"quantity\":1,\"expectedPriceCredits\":1}");
            return validator.validate(sample).isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException("the priming body is not readable", e);
        }
    }

    /** How many checkouts this instance answered directly (the rest went through the HTTP stack). */
    public long served() {
        return served.get();
    }

    private static boolean isCheckoutRoute(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
        return ctx != null && ctx.getHttp() != null && "POST".equals(ctx.getHttp().getMethod())
                && PATH.equals(event.getRawPath());
    }

    /** A header by case-insensitive name (API Gateway sends them lower-case). */
    private static String header(Map<String, String> headers, String name) {
        String value = headers.get(name.toLowerCase(Locale.ROOT));
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && JSON_TYPES.contains(contentType.trim().toLowerCase(Locale.ROOT));
    }

    /** No Accept header, or one whose every media range is plain (no parameters) and one of them takes JSON. */
    private static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        boolean json = false;
        for (String range : accept.split(",")) {
            String r = range.trim().toLowerCase(Locale.ROOT);
            if (r.indexOf(';') >= 0) {
                return false;
            }
            json |= r.equals("application/json") || r.equals("*/*") || r.equals("application/*");
        }
        return json;
    }
}

package dev.coinslot.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.coinslot.application.port.PaymentProviderRejectedException;
import dev.coinslot.application.port.PaymentProviderUnavailableException;
import dev.coinslot.application.port.StoreUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that reaches the HTTP layer into one problem+json answer: the only exception mapper. The problem
 * types themselves (slug, status, title) are in {@link ProblemType}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        return e.retryAfterSeconds().isPresent() ? Problems.retryLater(e.problem(), e.retryAfterSeconds().getAsInt())
                : Problems.response(e.problem());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .sorted((a, b) -> field(a).compareTo(field(b)))
                .map(v -> Map.of("field", field(v), "message", v.getMessage()))
                .toList();
        String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message")).collect(Collectors.joining("; "));
        return Problems.response(ProblemType.INVALID_REQUEST.problem(detail)
                .with("errors", errors));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unknownField(UnrecognizedPropertyException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> wrongValue(InvalidFormatException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> wrongType(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> malformed(JsonProcessingException e) {
        String detail = switch (e) {
            case UnrecognizedPropertyException u -> "unknown field '" + u.getPropertyName() + "'";
            case InvalidFormatException f -> "field '" + path(f) + "' has the wrong type or value";
            case MismatchedInputException m -> m.getPath().isEmpty() ? "the body must be a JSON object"
                    : "field '" + path(m) + "' has the wrong type";
            default -> "the body is not valid JSON";
        };
        return Problems.response(ProblemType.MALFORMED_REQUEST.problem(detail));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unavailable(StoreUnavailableException e) {
        LOG.warnf("store unavailable: %s", e.getMessage());
        return Problems.retryLater(ProblemType.SERVICE_UNAVAILABLE.problem(
                "The wallet store is briefly unavailable; retry with the same Idempotency-Key."), 1);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> paymentsUnavailable(PaymentProviderUnavailableException e) {
        LOG.warnf("payments unavailable: %s", e.getMessage());
        return Problems.retryLater(ProblemType.PAYMENTS_UNAVAILABLE.problem(
                "Stripe could not be reached; retry with the same Idempotency-Key."), 2);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> paymentsRejected(PaymentProviderRejectedException e) {
        LOG.errorf("payments rejected our request: %s", e.getMessage());
        return Problems.response(internal());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); status == 400 && cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                // the JSON reader's own 400 (numbers out of range, truncated documents): same answer as other bad JSON
                return malformed(json);
            }
        }
        if (status >= 500) {
            LOG.errorf(e, "request failed status=%d", status);
            return Problems.response(internal());
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return Problems.response(ProblemType.ofFrameworkStatus(status).refusal(status,
                title == null ? "Request refused" : title, status == 415 ? "send the body as application/json" : title));
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<Problem> bug(Throwable e) {
        LOG.errorf(e, "unhandled %s", e.getClass().getName());
        return Problems.response(internal());
    }

    /**
     * The same mapping for an exception caught outside RESTEasy ({@link DirectCheckout}), so both paths answer alike.
     */
    public RestResponse<Problem> answer(RuntimeException e) {
        return switch (e) {
            case ProblemException p -> problem(p);
            case StoreUnavailableException s -> unavailable(s);
            case PaymentProviderUnavailableException u -> paymentsUnavailable(u);
            case PaymentProviderRejectedException r -> paymentsRejected(r);
            default -> bug(e);
        };
    }

    private static Problem internal() {
        return ProblemType.INTERNAL_ERROR.problem(
                "The request failed on our side; retrying with the same Idempotency-Key is safe.");
    }

    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}

package dev.coinslot.api.reconciliation;

import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.application.port.PaymentEventParser;
import dev.coinslot.application.port.WebhookVerifier;
import dev.coinslot.application.reconciliation.ReconciliationService;
import dev.coinslot.config.StripeConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Stripe's webhook endpoint (webhook function). No JWT: authenticity comes only from the signature over the raw body.
 * Answers 2xx only once the event is applied (or known to need nothing), so Stripe redelivers anything else.
 */
@Path("/webhooks/stripe")
public class StripeWebhookResource {

    private static final Logger LOG = Logger.getLogger(StripeWebhookResource.class);

    private final WebhookVerifier verifier;
    private final PaymentEventParser parser;
    private final ReconciliationService reconciliation;
    private final int maxBytes;

    public StripeWebhookResource(WebhookVerifier verifier, PaymentEventParser parser, ReconciliationService reconciliation,
            StripeConfig config) {
        this.verifier = verifier;
        this.parser = parser;
        this.reconciliation = reconciliation;
        this.maxBytes = config.webhookMaxBytes();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public RestResponse<Received> receive(HttpHeaders headers, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > maxBytes) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE.problem(
                    "Webhook bodies larger than " + maxBytes + " bytes are refused."));
        }
        // The Lambda HTTP layer splits header values on commas: rejoin "t=…,v1=…,v1=…".
        List<String> parts = headers.getRequestHeader("Stripe-Signature");
        String signature = parts == null || parts.isEmpty() ? null : String.join(",", parts);
        if (!verifier.verify(raw, signature)) {
            LOG.warnf("webhook refused: %s signature", signature == null ? "missing" : "invalid or stale");
            throw new ProblemException(ProblemType.INVALID_SIGNATURE.problem(
                    "The Stripe-Signature header is missing, invalid or too old."));
        }
        Optional<PaymentEvent> event = parser.parse(raw);
        if (event.isEmpty()) {
            throw new ProblemException(ProblemType.MALFORMED_EVENT.problem(
                    "The body is not a Stripe event."));
        }
        ReconciliationService.Outcome outcome = reconciliation.handle(event.get());
        return switch (outcome) {
            case ReconciliationService.Outcome.Deferred d -> throw ProblemException.retryLater(ProblemType.EVENT_DEFERRED.problem(
                            "This event depends on one not processed yet; Stripe will deliver it again."), 60);
            default -> RestResponse.ResponseBuilder.ok(new Received(true, name(outcome)))
                    .type(MediaType.APPLICATION_JSON).build();
        };
    }

    /** The acknowledgement Stripe gets: {@code outcome} is applied, duplicate, ignored or stuck. */
    public record Received(boolean received, String outcome) {
    }

    private static String name(ReconciliationService.Outcome outcome) {
        return switch (outcome) {
            case ReconciliationService.Outcome.Applied a -> "applied";
            case ReconciliationService.Outcome.AlreadyApplied a -> "duplicate";
            case ReconciliationService.Outcome.Ignored i -> "ignored";
            case ReconciliationService.Outcome.Deferred d -> "deferred";
            case ReconciliationService.Outcome.Stuck s -> "stuck";
        };
    }
}

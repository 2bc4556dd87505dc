package dev.coinslot.api.ownership;

import dev.coinslot.api.Caller;
import dev.coinslot.api.IdempotencyKeys;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.ownership.Entitlements;
import dev.coinslot.application.ownership.Entitlements.ConsumeOutcome;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.Grant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** The signed-in user's entitlements, and using up a consumable (checkout function). */
@Path("/entitlements")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class EntitlementResource {

    /** One entitlement: {@code activeUntil} for passes (null otherwise), {@code quantity} 1 for unlocks and passes. */
    public record EntitlementView(String sku, String type, long quantity, String activeUntil, String acquiredAt,
            String purchaseId) {
        static EntitlementView of(Entitlement e) {
            return new EntitlementView(e.sku(), e.type().name(), e.quantity(), e.activeUntil().map(Object::toString).orElse(null),
                    e.acquiredAt().toString(), e.purchaseId());
        }
    }

    public record EntitlementsView(List<EntitlementView> entitlements) {
    }

    public record ConsumeRequest(@NotNull @Min(1) @Max(Grant.MAX_QUANTITY) Long quantity) {
    }

    /** {@code remaining} is what is left as read after this answer's write (later consumptions may have used more). */
    public record ConsumedView(String sku, long consumed, long remaining) {
    }

    private final Caller caller;
    private final Entitlements entitlements;

    public EntitlementResource(Caller caller, Entitlements entitlements) {
        this.caller = caller;
        this.entitlements = entitlements;
    }

    @GET
    public EntitlementsView list() {
        return new EntitlementsView(entitlements.active(caller.requireUserId()).stream().map(EntitlementView::of).toList());
    }

    @GET
    @Path("/{sku}")
    public EntitlementView one(@PathParam("sku") String sku) {
        String userId = caller.requireUserId();
        if (!isSku(sku)) {
            throw notEntitled(sku);
        }
        return entitlements.active(userId, sku).map(EntitlementView::of).orElseThrow(() -> notEntitled(sku));
    }

    @POST
    @Path("/{sku}/consume")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ConsumedView> consume(HttpHeaders headers, @PathParam("sku") String sku,
            @NotNull @Valid ConsumeRequest request) {
        String userId = caller.requireUserId();
        String key = IdempotencyKeys.require(headers.getRequestHeader(IdempotencyKeys.HEADER));
        if (!isSku(sku)) {
            throw notEntitled(sku);
        }
        return switch (entitlements.consume(userId, key, sku, request.quantity())) {
            case ConsumeOutcome.Consumed c -> RestResponse.ResponseBuilder.<ConsumedView>create(200)
                    .type(MediaType.APPLICATION_JSON).header("Idempotent-Replayed", Boolean.toString(c.replayed()))
                    .entity(new ConsumedView(c.sku(), c.quantity(), c.remaining())).build();
            case ConsumeOutcome.NotEntitled n -> throw notEntitled(n.sku());
            case ConsumeOutcome.NotConsumable n -> throw new ProblemException(ProblemType.NOT_CONSUMABLE.problem(
                    "'" + n.sku() + "' is a " + n.type().name().toLowerCase(java.util.Locale.ROOT) + ", not something to use up.")
                    .with("sku", n.sku()));
            case ConsumeOutcome.InsufficientQuantity q -> throw new ProblemException(ProblemType.INSUFFICIENT_QUANTITY.problem(
                    "Only " + q.available() + " of '" + q.sku() + "' left; " + q.requested() + " asked for. Nothing was used.")
                    .with("sku", q.sku()).with("availableQuantity", q.available()).with("requestedQuantity", q.requested()));
            case ConsumeOutcome.IdempotencyKeyReused r -> throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSE.problem(
                    "This Idempotency-Key was used for a different request; use a new key."));
            case ConsumeOutcome.Contended c -> throw ProblemException.retryLater(ProblemType.WALLET_BUSY.problem(
                    "Too many simultaneous changes; retry with the same Idempotency-Key."), 1);
        };
    }

    static boolean isSku(String sku) {
        return sku != null && Catalog.ID.matcher(sku).matches();
    }

    static ProblemException notEntitled(String sku) {
        return new ProblemException(ProblemType.NOT_ENTITLED.problem("You hold no active entitlement to this item.")
                .with("sku", isSku(sku) ? sku : null));
    }
}

package dev.coinslot.api.ownership;

import dev.coinslot.api.Caller;
import dev.coinslot.api.ServiceCaller;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.ownership.Entitlements;
import dev.coinslot.domain.ownership.Entitlement;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * The access check for the operator's content servers (checkout function, route with IAM authorization): does user
 * {@code userId} hold {@code sku} now? One DynamoDB read.
 */
@Path("/access")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AccessResource {

    /** {@code activeUntil} for an active pass, else null; {@code quantity} 0 when not entitled. */
    public record AccessView(String userId, String sku, boolean entitled, String activeUntil, long quantity) {
    }

    private final ServiceCaller caller;
    private final Entitlements entitlements;

    public AccessResource(ServiceCaller caller, Entitlements entitlements) {
        this.caller = caller;
        this.entitlements = entitlements;
    }

    @GET
    @Path("/{userId}/{sku}")
    public AccessView access(@PathParam("userId") String userId, @PathParam("sku") String sku) {
        caller.requireIamPrincipal();
        if (!Caller.isValidSubject(userId)) {
            throw new ProblemException(ProblemType.INVALID_USER_ID.problem("userId must be 1 to " + Caller.MAX_SUBJECT_LENGTH
                    + " characters without control characters."));
        }
        if (!EntitlementResource.isSku(sku)) {
            return new AccessView(userId, sku, false, null, 0);
        }
        Optional<Entitlement> held = entitlements.active(userId, sku);
        return new AccessView(userId, sku, held.isPresent(), held.flatMap(Entitlement::activeUntil).map(Object::toString).orElse(null),
                held.map(Entitlement::quantity).orElse(0L));
    }
}

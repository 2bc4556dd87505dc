package dev.coinslot.api.reconciliation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.Problems;
import dev.coinslot.application.reconciliation.SweepService;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The reconciliation sweep, invoked by the EventBridge schedule with a synthetic event (webhook function). The HTTP
 * API has no route to it, and a request that did come through API Gateway (it carries an {@code apiId}) is refused.
 */
@Path("/internal/sweep")
public class SweepResource {

    private final SweepService sweep;
    private final Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext;

    public SweepResource(SweepService sweep, Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext) {
        this.sweep = sweep;
        this.requestContext = requestContext;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public SweepService.Report run() {
        APIGatewayV2HTTPEvent.RequestContext ctx = requestContext.isResolvable() ? requestContext.get() : null;
        if (ctx == null || ctx.getApiId() != null || ctx.getAuthorizer() != null) {
            throw new ProblemException(Problems.notFound("No such route."));
        }
        return sweep.run();
    }
}

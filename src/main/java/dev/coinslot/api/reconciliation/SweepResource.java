package dev.coinslot.api.reconciliation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.Problems;
import dev.coinslot.application.reconciliation.SweepService;
import dev.coinslot.application.wallet.ExpirySweep;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The reconciliation sweep and the expiry sweep, invoked by the EventBridge schedule with a synthetic event (webhook function). The HTTP
 * API has no route to it, and a request that did come through API Gateway (it carries an {@code apiId}) is refused.
 */
@Path("/internal/sweep")
public class SweepResource {

    private final SweepService sweep;
    private final ExpirySweep expirySweep;
    private final Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext;

    public SweepResource(SweepService sweep, ExpirySweep expirySweep,
            Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext) {
        this.sweep = sweep;
        this.expirySweep = expirySweep;
        this.requestContext = requestContext;
    }

    /**
     * One run: the payment sweep's counts ({@link SweepService.Report}) and the expiry sweep's: wallets visited, wallets
     * that got an EXPIRY entry, credits expired, wallets too busy this time.
     */
    public record SweepView(int examined, int repaired, int stuck, int ignored, int expiryVisited, int expiryWallets,
            long expiredCredits, int expiryBusy) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public SweepView run() {
        APIGatewayV2HTTPEvent.RequestContext ctx = requestContext.isResolvable() ? requestContext.get() : null;
        if (ctx == null || ctx.getApiId() != null || ctx.getAuthorizer() != null) {
            throw new ProblemException(Problems.notFound("No such route."));
        }
        SweepService.Report payments = sweep.run();
        ExpirySweep.Report expiry = expirySweep.run();
        return new SweepView(payments.examined(), payments.repaired(), payments.stuck(), payments.ignored(), expiry.visited(),
                expiry.expired(), expiry.credits(), expiry.busy());
    }
}

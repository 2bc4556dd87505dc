package dev.coinslot.api.loyalty;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The operator's own services on routes with IAM authorisation ({@code POST /grants}): API Gateway verified the SigV4
 * signature and put the caller's IAM identity in the request context. A request that came through the JWT authorizer
 * (a user's token) or without any identity is refused, whatever the gateway route says.
 */
@RequestScoped
public class OperatorCaller {

    private final Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext;

    public OperatorCaller(Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext) {
        this.requestContext = requestContext;
    }

    /** The caller's IAM ARN, or a 403 problem. */
    public String requireOperator() {
        APIGatewayV2HTTPEvent.RequestContext ctx = requestContext.isResolvable() ? requestContext.get() : null;
        var authorizer = ctx == null ? null : ctx.getAuthorizer();
        if (authorizer == null || authorizer.getJwt() != null || authorizer.getIam() == null
                || authorizer.getIam().getUserArn() == null || authorizer.getIam().getUserArn().isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN.problem(
                    "This route is for the operator's own services (IAM-signed requests), not for user tokens."));
        }
        return authorizer.getIam().getUserArn();
    }
}

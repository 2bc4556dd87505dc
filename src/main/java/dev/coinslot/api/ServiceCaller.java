package dev.coinslot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Who calls a server-to-server route ({@code GET /access/{userId}/{sku}}, {@code POST /grants}): an AWS principal whose
 * SigV4 signature API Gateway's IAM authorization checked ({@code requestContext.authorizer.iam}). A request that came through a JWT authorizer (an end user's token) or with no
 * IAM identity is refused, even if the gateway route were misconfigured.
 */
@RequestScoped
public class ServiceCaller {

    private final Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext;

    public ServiceCaller(Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext) {
        this.requestContext = requestContext;
    }

    /** The calling principal's ARN, or a 403 problem. */
    public String requireIamPrincipal() {
        APIGatewayV2HTTPEvent.RequestContext ctx = requestContext.isResolvable() ? requestContext.get() : null;
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = ctx == null ? null : ctx.getAuthorizer();
        if (authorizer == null || authorizer.getJwt() != null || authorizer.getIam() == null
                || authorizer.getIam().getUserArn() == null || authorizer.getIam().getUserArn().isBlank()) {
            throw new ProblemException(ProblemType.FORBIDDEN.problem(
                    "This route is for the operator's services: call it with AWS SigV4 (IAM), not a user's token."));
        }
        return authorizer.getIam().getUserArn();
    }
}

package dev.coinslot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.api.problem.Problems;
import dev.coinslot.config.CoinslotConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: the {@code sub} claim the API Gateway JWT authorizer validated, taken from the Lambda event's
 * request context, never from anything in the request the client controls. In dev mode only, a
 * {@link DevIdentity} may stand in when there are no claims.
 */
@RequestScoped
public class Caller {

    public static final int MAX_SUBJECT_LENGTH = 200;

    private final Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext;
    private final Instance<DevIdentity> devIdentity;
    private final String guardianScope;
    private final String operatorScope;

    public Caller(Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext, Instance<DevIdentity> devIdentity,
            CoinslotConfig config) {
        this.requestContext = requestContext;
        this.devIdentity = devIdentity;
        this.guardianScope = config.guardianScope();
        this.operatorScope = config.operatorScope();
    }

    /** The caller's user id, or a 401 problem. */
    public String requireUserId() {
        return claimedSubject()
                .or(() -> devIdentity.isResolvable() ? devIdentity.get().userId().filter(Caller::isValidSubject)
                        : Optional.empty())
                .orElseThrow(() -> new ProblemException(Problems.unauthorized()));
    }

    /** Refuses (403) a caller whose access token lacks the guardian scope. */
    public void requireScope() {
        if (!hasScope(guardianScope)) {
            throw new ProblemException(ProblemType.FORBIDDEN.problem(
                    "This route needs an access token with the guardian scope."));
        }
    }

    /**
     * The operator's user id (for the audit trail), or 401 without a validated subject, or 403 when the access token
     * lacks the operator scope: the same answer whatever the route or body, so a user token learns nothing.
     */
    public String requireOperator() {
        String sub = requireUserId();
        if (!hasScope(operatorScope)) {
            throw new ProblemException(ProblemType.FORBIDDEN.problem(
                    "This route needs an access token with the operator scope."));
        }
        return sub;
    }

    private boolean hasScope(String scope) {
        if (!requestContext.isResolvable()) {
            return false;
        }
        APIGatewayV2HTTPEvent.RequestContext ctx = requestContext.get();
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getJwt() == null) {
            return false;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = ctx.getAuthorizer().getJwt();
        if (jwt.getScopes() != null && jwt.getScopes().contains(scope)) {
            return true;
        }
        Map<String, String> claims = jwt.getClaims();
        String granted = claims == null ? null : claims.getOrDefault("scope", claims.get("scp"));
        return granted != null && java.util.Arrays.asList(granted.trim().split("\\s+")).contains(scope);
    }

    /** What a user id must be, wherever it comes from: 1–200 characters, not blank, no control characters. */
    public static boolean isValidSubject(String sub) {
        if (sub == null || sub.isBlank() || sub.length() > MAX_SUBJECT_LENGTH) {
            return false;
        }
        for (int i = 0; i < sub.length(); i++) { // a loop, not a stream: this runs on every request
            if (Character.isISOControl(sub.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> claimedSubject() {
        return requestContext.isResolvable() ? subjectOf(requestContext.get()) : Optional.empty();
    }

    /** The validated {@code sub} claim of an API Gateway request context, if it carries a usable one. */
    public static Optional<String> subjectOf(APIGatewayV2HTTPEvent.RequestContext ctx) {
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getJwt() == null) {
            return Optional.empty();
        }
        Map<String, String> claims = ctx.getAuthorizer().getJwt().getClaims();
        String sub = claims == null ? null : claims.get("sub");
        return isValidSubject(sub) ? Optional.of(sub) : Optional.empty();
    }
}

package dev.coinslot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
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

    static final int MAX_SUBJECT_LENGTH = 200;

    private final Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext;
    private final Instance<DevIdentity> devIdentity;

    public Caller(Instance<APIGatewayV2HTTPEvent.RequestContext> requestContext, Instance<DevIdentity> devIdentity) {
        this.requestContext = requestContext;
        this.devIdentity = devIdentity;
    }

    /** The caller's user id, or a 401 problem. */
    public String requireUserId() {
        return claimedSubject()
                .or(() -> devIdentity.isResolvable() ? devIdentity.get().userId() : Optional.empty())
                .orElseThrow(() -> new ProblemException(Problems.unauthorized()));
    }

    private Optional<String> claimedSubject() {
        if (!requestContext.isResolvable()) {
            return Optional.empty();
        }
        APIGatewayV2HTTPEvent.RequestContext ctx = requestContext.get();
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getJwt() == null) {
            return Optional.empty();
        }
        Map<String, String> claims = ctx.getAuthorizer().getJwt().getClaims();
        String sub = claims == null ? null : claims.get("sub");
        if (sub == null || sub.isBlank() || sub.length() > MAX_SUBJECT_LENGTH || sub.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(sub);
    }
}

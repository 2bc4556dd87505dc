package dev.coinslot.api.store;

import dev.coinslot.api.Caller;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The route guard of {@code /admin/...}: a caller without a validated subject gets {@code 401 unauthorized}, one whose
 * access token lacks the operator scope {@code 403 forbidden}, before the body is read or anything is looked up, so a
 * user token learns nothing about the catalog or its changes. (API Gateway requires the scope on these routes too.)
 */
public class OperatorOnly {

    private final Caller caller;

    public OperatorOnly(Caller caller) {
        this.caller = caller;
    }

    @ServerRequestFilter
    public Optional<RestResponse<Problem>> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return Optional.empty();
        }
        try {
            caller.requireOperator();
            return Optional.empty();
        } catch (ProblemException refused) {
            return Optional.of(Problems.response(refused.problem()));
        }
    }
}

package dev.coinslot.api.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.Problems;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Refuses (404) every route, including framework endpoints such as {@code /q/openapi}, that does not belong to the
 * function this process runs as. Runs before any resource is matched.
 */
@ApplicationScoped
public class RouteGuard {

    private final FunctionName function;
    private final List<FunctionRoutes.Route> routes;
    private final String notFoundBody;

    public RouteGuard(CoinslotConfig config, ObjectMapper json) throws JsonProcessingException {
        this.function = config.function();
        this.routes = FunctionRoutes.served(function);
        this.notFoundBody = json.writeValueAsString(Problems.notFound("No such route on this function."));
    }

    void register(@Observes Filters filters) {
        if (function == FunctionName.all) {
            return;
        }
        filters.register(rc -> {
            if (allows(rc.request().method().name(), rc.normalizedPath())) {
                rc.next();
            } else {
                rc.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(notFoundBody);
            }
        }, 10_000);
    }

    boolean allows(String method, String path) {
        String m = "HEAD".equals(method) ? "GET" : method;
        return routes.stream().anyMatch(r -> r.matches(m, path));
    }
}

package dev.coinslot.api.problem;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

/** Wraps a {@link Problem} in a problem+json response; the types it can be are listed in {@link ProblemType}. */
public final class Problems {

    private Problems() {
    }

    public static RestResponse<Problem> response(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** A problem answer that tells the client when to retry ({@code Retry-After}, seconds). */
    public static RestResponse<Problem> retryLater(Problem problem, int retryAfterSeconds) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", Integer.toString(retryAfterSeconds))
                .entity(problem)
                .build();
    }

    public static Response jaxrs(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static Problem unauthorized() {
        return ProblemType.UNAUTHORIZED.problem(
                "This route needs a signed-in user (a JWT validated by the API gateway).");
    }

    public static Problem notFound(String detail) {
        return ProblemType.NOT_FOUND.problem(detail);
    }
}

package dev.coinslot.api;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

/** Builds problem+json responses; the one place HTTP error bodies are made. */
public final class Problems {

    private Problems() {
    }

    public static RestResponse<Object> response(Problem problem) {
        return RestResponse.ResponseBuilder.create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity((Object) problem)
                .build();
    }

    /** A problem answer that tells the client when to retry ({@code Retry-After}, seconds). */
    public static RestResponse<Object> retryLater(Problem problem, int retryAfterSeconds) {
        return RestResponse.ResponseBuilder.create(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", Integer.toString(retryAfterSeconds))
                .entity((Object) problem)
                .build();
    }

    public static Response jaxrs(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static Problem unauthorized() {
        return Problem.of(401, "unauthorized", "Authentication required",
                "This route needs a signed-in user (a JWT validated by the API gateway).");
    }

    public static Problem notFound(String detail) {
        return Problem.of(404, "not-found", "Not found", detail);
    }

    public static Problem badRequest(String slug, String title, String detail) {
        return Problem.of(400, slug, title, detail);
    }
}

package dev.coinslot.api.problem;

import java.util.OptionalInt;

/**
 * Ends a request at the HTTP boundary with a problem answer (missing identity, unusable headers or parameters).
 * Only the API layer throws it; the application layer returns outcomes instead.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final OptionalInt retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, OptionalInt.empty());
    }

    private ProblemException(Problem problem, OptionalInt retryAfterSeconds) {
        super(problem.title(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A problem the client may retry after {@code retryAfterSeconds} (answered with {@code Retry-After}). */
    public static ProblemException retryLater(Problem problem, int retryAfterSeconds) {
        return new ProblemException(problem, OptionalInt.of(retryAfterSeconds));
    }

    public Problem problem() {
        return problem;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package dev.coinslot.api.problem;

/**
 * Ends a request at the HTTP boundary with a problem answer (missing identity, unusable headers or parameters).
 * Only the API layer throws it; the application layer returns outcomes instead.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}

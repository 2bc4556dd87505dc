package dev.coinslot.api;

import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;

/** The {@code limit} query parameter of the paged routes: 1–100 items, 20 when absent; anything else {@code 400 invalid-limit}. */
public final class PageLimit {

    public static final int DEFAULT = 20;
    public static final int MAX = 100;

    private PageLimit() {
    }

    public static int parse(String limit) {
        if (limit == null) {
            return DEFAULT;
        }
        if (limit.matches("[0-9]{1,3}")) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX) {
                return value;
            }
        }
        throw new ProblemException(ProblemType.INVALID_LIMIT.problem("limit must be a whole number from 1 to " + MAX));
    }
}

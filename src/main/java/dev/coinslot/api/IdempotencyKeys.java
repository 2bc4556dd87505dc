package dev.coinslot.api;

import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import java.util.List;

/** Validates the {@code Idempotency-Key} header: required, 1–255 visible ASCII characters. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /**
     * The key, rejoined if the Lambda HTTP layer split it on commas, or a 400 problem.
     */
    public static String require(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new ProblemException(ProblemType.MISSING_IDEMPOTENCY_KEY.problem(
                    "Send a unique Idempotency-Key header (e.g. a UUID) with every POST; reuse it only to retry."));
        }
        String key = String.join(",", values).trim();
        if (!isValid(key)) {
            throw new ProblemException(ProblemType.INVALID_IDEMPOTENCY_KEY.problem(
                    "The Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters."));
        }
        return key;
    }

    /** 1 to {@value #MAX_LENGTH} visible ASCII characters. */
    public static boolean isValid(String key) {
        return !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }
}

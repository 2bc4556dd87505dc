package dev.coinslot.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which Coinslot deployment (stack, stage, region) a card payment belongs to. Written into the metadata of every
 * payment a deployment creates, so that several deployments sharing one card-processor account each credit only their
 * own payments. 1 to 200 printable ASCII characters, no leading or trailing space (the processor's metadata values allow 500).
 */
public record DeploymentId(String value) {

    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,198}[\\x21-\\x7e])?");

    public DeploymentId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("deployment id must be 1 to 200 printable ASCII characters, not starting or ending with a space, was '"
                    + value + "'");
        }
    }

    /** Whether a payment's recorded deployment id names this deployment. */
    public boolean is(String other) {
        return value.equals(other);
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.coinslot.domain;

import java.util.List;

/** Thrown at start-up when configuration (catalog, credit packs, currency) breaks a rule; lists every problem. */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidConfigurationException(String what, List<String> problems) {
        super("Invalid " + what + " configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package dev.coinslot.domain.loyalty;

import dev.coinslot.domain.Credits;
import java.util.Objects;

/** A streak reward: {@code credits} given on the purchase that makes the streak {@code atDays} consecutive UTC days long. */
public record StreakMilestone(int atDays, Credits credits) {

    public StreakMilestone {
        Objects.requireNonNull(credits, "credits");
    }

    /** The rule name recorded with the reward, e.g. {@code streak-7}. */
    public String rule() {
        return "streak-" + atDays;
    }
}

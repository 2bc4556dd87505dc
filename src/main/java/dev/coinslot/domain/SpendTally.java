package dev.coinslot.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Credits spent on purchases in the UTC day and month they were last counted in. A tally from an earlier day or month
 * counts as zero for today: the windows reset at 00:00 UTC and on the first of the month.
 */
public record SpendTally(LocalDate day, Credits spentDay, YearMonth month, Credits spentMonth) {

    public static final SpendTally NONE = new SpendTally(LocalDate.EPOCH, Credits.ZERO, YearMonth.from(LocalDate.EPOCH), Credits.ZERO);

    public SpendTally {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(spentDay, "spentDay");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(spentMonth, "spentMonth");
    }

    public Credits spentOn(LocalDate today) {
        return day.equals(today) ? spentDay : Credits.ZERO;
    }

    public Credits spentIn(YearMonth thisMonth) {
        return month.equals(thisMonth) ? spentMonth : Credits.ZERO;
    }

    /** The tally after spending {@code amount} on {@code today}. */
    public SpendTally plus(Credits amount, LocalDate today) {
        YearMonth thisMonth = YearMonth.from(today);
        return new SpendTally(today, spentOn(today).plus(amount), thisMonth, spentIn(thisMonth).plus(amount));
    }

    /** When the window of {@code limit} that contains {@code today} ends (00:00 UTC); per-purchase limits never reset. */
    public static java.util.Optional<java.time.Instant> resetsAt(SpendLimit limit, LocalDate today) {
        return switch (limit) {
            case PER_PURCHASE -> java.util.Optional.empty();
            case DAILY -> java.util.Optional.of(today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            case MONTHLY -> java.util.Optional.of(YearMonth.from(today).plusMonths(1).atDay(1).atStartOfDay()
                    .toInstant(ZoneOffset.UTC));
        };
    }
}

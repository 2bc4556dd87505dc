package dev.coinslot.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long promotional credits of each source stay spendable (configuration); a source without a duration never
 * expires. Paid credits never expire, so a paid source may not be given one.
 */
public record PromoExpiry(Map<LotSource, Duration> lifetimes) {

    public static final PromoExpiry NEVER = new PromoExpiry(Map.of());

    public PromoExpiry {
        Objects.requireNonNull(lifetimes, "lifetimes");
        lifetimes = lifetimes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lifetimes));
        List<String> problems = new ArrayList<>();
        lifetimes.forEach((source, lifetime) -> {
            if (source.kind() != LotKind.PROMO) {
                problems.add("paid credits (" + source + ") never expire");
            }
            if (lifetime.isNegative() || lifetime.isZero()) {
                problems.add("the lifetime of " + source + " credits must be positive");
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("promotional credit expiry", problems);
        }
    }

    /** When promotional credits of {@code source} acquired at {@code at} expire; empty = never. */
    public Optional<Instant> expiresAt(LotSource source, Instant at) {
        return Optional.ofNullable(lifetimes.get(source)).map(at::plus);
    }

    /** A new promotional lot of {@code source}, with its configured expiry. */
    public Lot lot(LotSource source, long credits, Instant at, String origin) {
        return Lot.promo(source, credits, at, expiresAt(source, at), origin);
    }
}

package dev.coinslot.domain.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Featured slots drawn from {@code pool} once per {@code period}, periods starting at the Unix epoch (a period of one
 * day rotates at 00:00 UTC). The draw is deterministic: every function instance features the same SKUs in the same
 * period, ordered by SHA-256 of "period-index:sku", so nothing needs storing.
 */
public record Rotation(List<String> pool, int slots, Duration period) {

    public static final Duration DAILY = Duration.ofDays(1);

    public Rotation {
        pool = List.copyOf(pool);
        Objects.requireNonNull(period, "period");
    }

    /** The featured SKUs of the period containing {@code now}, at most {@code slots} of the pool's {@code eligible}. */
    public List<String> featured(Instant now, List<String> eligible) {
        long index = periodIndex(now);
        return pool.stream().filter(eligible::contains)
                .sorted(Comparator.comparing((String sku) -> hash(index + ":" + sku)).thenComparing(sku -> sku))
                .limit(slots).toList();
    }

    /** When the period containing {@code now} ends and the featured slots change. */
    public Instant nextRotationAt(Instant now) {
        return Instant.ofEpochSecond((periodIndex(now) + 1) * period.toSeconds());
    }

    private long periodIndex(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), period.toSeconds());
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

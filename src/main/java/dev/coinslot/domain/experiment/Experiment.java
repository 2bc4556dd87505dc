package dev.coinslot.domain.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A price experiment on one SKU: while it runs, each user is charged the price of one variant, picked by a hash of
 * (experiment, user). The pick is deterministic and sticky, so every instance prices a user alike with no stored
 * assignment. The first variant is the control: the price the public catalog shows.
 */
public record Experiment(String id, String sku, List<Variant> variants, Instant startsAt, Instant endsAt,
        Optional<Instant> stoppedAt) {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    public static final int MAX_VARIANTS = 8;
    public static final int MAX_WEIGHT = 10_000;
    public static final long MAX_PRICE = 1_000_000;

    public Experiment {
        variants = List.copyOf(variants);
        List<String> problems = problems(id, sku, variants, startsAt, endsAt);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid experiment: " + problems);
        }
    }

    /** Every reason this definition is not a valid experiment; empty when it is. */
    public static List<String> problems(String id, String sku, List<Variant> variants, Instant startsAt,
            Instant endsAt) {
        List<String> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id must match " + ID.pattern());
        }
        if (sku == null || sku.isBlank()) {
            problems.add("sku is required");
        }
        if (variants == null || variants.size() < 2 || variants.size() > MAX_VARIANTS) {
            problems.add("an experiment has 2 to " + MAX_VARIANTS + " variants");
        } else {
            Set<String> names = new HashSet<>();
            for (Variant v : variants) {
                if (v == null || v.name() == null || !VARIANT_NAME.matcher(v.name()).matches()) {
                    problems.add("variant names must match " + VARIANT_NAME.pattern());
                    continue;
                }
                if (!names.add(v.name())) {
                    problems.add("variant '" + v.name() + "' is defined twice");
                }
                if (v.priceCredits() < 1 || v.priceCredits() > MAX_PRICE) {
                    problems.add("variant '" + v.name() + "': priceCredits must be between 1 and " + MAX_PRICE);
                }
                if (v.weight() < 1 || v.weight() > MAX_WEIGHT) {
                    problems.add("variant '" + v.name() + "': weight must be between 1 and " + MAX_WEIGHT);
                }
            }
        }
        if (startsAt == null || endsAt == null) {
            problems.add("startsAt and endsAt are required");
        } else if (!startsAt.isBefore(endsAt)) {
            problems.add("startsAt must be before endsAt");
        }
        return problems;
    }

    public Variant control() {
        return variants.get(0);
    }

    /** Running from {@code startsAt} (inclusive) to {@code endsAt} (exclusive), unless stopped before {@code at}. */
    public boolean runningAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt) && stoppedAt.map(at::isBefore).orElse(true);
    }

    public Experiment stop(Instant at) {
        return stoppedAt.isPresent() ? this : new Experiment(id, sku, variants, startsAt, endsAt, Optional.of(at));
    }

    /**
     * The variant this user is in: the first 8 bytes of SHA-256("{id}\n{userId}") as an unsigned number, modulo the
     * total weight, falls into one variant's weight range (in the order listed).
     */
    public Variant variantFor(String userId) {
        long total = variants.stream().mapToLong(Variant::weight).sum();
        long point = Long.remainderUnsigned(hash(id + "\n" + userId), total);
        for (Variant v : variants) {
            if (point < v.weight()) {
                return v;
            }
            point -= v.weight();
        }
        throw new IllegalStateException("weights exhausted");
    }

    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

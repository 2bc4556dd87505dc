package dev.coinslot.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers: opaque random ones with a type prefix, e.g. {@code pur_3f9c…} (96 random bits), and the SHA-256 hex
 * fingerprints that derive stable ids and request hashes from what was asked.
 */
@ApplicationScoped
public class Ids {

    private final SecureRandom random = new SecureRandom();

    public String purchaseId() {
        return next("pur_");
    }

    /**
     * A purchase id that sorts by time: {@code pur_}, the 12 hex digits of {@code at}'s epoch milliseconds, then 48
     * random bits (12 hex digits), so a user's purchases read newest first by key.
     */
    public String purchaseId(java.time.Instant at) {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        long millis = at.toEpochMilli();
        // the text of String.format("%012x", millis) without parsing a format per checkout (IdsTest compares them);
        // 12 hex digits hold every instant until the year 10889, beyond which the format's longer text is kept
        String time = millis >= 0 && millis >>> 48 == 0 ? HexFormat.of().toHexDigits(millis).substring(4)
                : String.format("%012x", millis);
        return "pur_" + time + HexFormat.of().formatHex(bytes);
    }

    public String next(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** Lower-case hex SHA-256 of {@code text}'s UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

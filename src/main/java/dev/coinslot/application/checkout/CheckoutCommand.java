package dev.coinslot.application.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A validated checkout request of user {@code ownerId} under idempotency key {@code idempotencyKey}:
 * buy {@code quantity} × {@code skuId}, which the client showed as costing {@code expectedTotalCredits} in total.
 */
public record CheckoutCommand(String ownerId, String idempotencyKey, String skuId, int quantity, long expectedTotalCredits) {

    /** Fingerprint of what was asked (not who asked or under which key): equal requests have equal hashes. */
    public String requestHash() {
        return sha256("checkout\n" + skuId + "\n" + quantity + "\n" + expectedTotalCredits);
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

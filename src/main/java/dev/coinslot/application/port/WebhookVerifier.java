package dev.coinslot.application.port;

/** Authenticates a card-processor webhook: the signature header over the exact raw body. */
public interface WebhookVerifier {

    /** True only if {@code signatureHeader} carries a valid, fresh signature of {@code rawBody} by a configured secret. */
    boolean verify(byte[] rawBody, String signatureHeader);
}

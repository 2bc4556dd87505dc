package dev.coinslot.adapter.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.coinslot.application.port.WebhookVerifier;
import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies {@code Stripe-Signature} with stripe-java's {@code Webhook.Signature.verifyHeader} (HMAC-SHA256 over
 * {@code "{t}.{body}"}, any {@code v1} value, constant-time comparison, timestamp tolerance), against the current and
 * the previous signing secret so a rotation never drops events.
 */
@ApplicationScoped
public class StripeWebhookVerifier implements WebhookVerifier {

    private final List<String> secrets = new ArrayList<>();
    private final long toleranceSeconds;

    public StripeWebhookVerifier(StripeConfig config, StripeCredentials credentials) {
        secrets.addAll(credentials.webhookSecrets());
        this.toleranceSeconds = config.webhookTolerance().toSeconds();
    }

    public boolean configured() {
        return !secrets.isEmpty();
    }

    @Override
    public boolean verify(byte[] rawBody, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank() || secrets.isEmpty()) {
            return false;
        }
        String payload;
        try {
            // Strict decoding: the HMAC is computed over these exact bytes re-encoded, so reject anything not UTF-8.
            payload = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rawBody)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (String secret : secrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds)) {
                    return true;
                }
            } catch (SignatureVerificationException | RuntimeException e) {
                // try the next secret; stripe-java throws NumberFormatException for a non-numeric "t=" (a forged
                // header), which must be a refusal like any other bad signature, not a 500
            }
        }
        return false;
    }
}

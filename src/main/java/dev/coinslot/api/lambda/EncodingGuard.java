package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Refuses events whose encodings the HTTP stack cannot undo: a raw path or query string with malformed
 * percent-encoding ({@code %zz}, a lone {@code %}, escapes that are not UTF-8), and a body flagged
 * {@code isBase64Encoded} that is not base64. Quarkus's Lambda adapter and Vert.x answer the first with a bare
 * {@code 400} and fail on the second with a bare {@code 500}; here both are problem+json {@code 400}s.
 */
final class EncodingGuard {

    private EncodingGuard() {
    }

    /** The problem to answer, or {@code null} when the path, query and body can be decoded. */
    static Problem refusal(APIGatewayV2HTTPEvent event) {
        if (!isPercentEncodedUtf8(event.getRawPath()) || !isPercentEncodedUtf8(event.getRawQueryString())) {
            return ProblemType.MALFORMED_URI.problem(
                    "The path or query string contains a '%' that is not followed by two hex digits, "
                            + "or percent-escapes that are not UTF-8.");
        }
        if (event.getIsBase64Encoded() && event.getBody() != null && !isBase64(event.getBody())) {
            return ProblemType.MALFORMED_BODY_ENCODING.problem(
                    "The request body is marked base64-encoded but is not valid base64.");
        }
        return null;
    }

    /** True if every {@code %} starts a two-hex-digit escape and the escaped bytes decode as UTF-8. */
    static boolean isPercentEncodedUtf8(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0 || !isAscii(raw.charAt(i + 1))
                        || !isAscii(raw.charAt(i + 2))) {
                    return false;
                }
                bytes.put((byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isAscii(char c) {
        return c < 0x80;
    }

    /** Decodable by the same decoder Quarkus's Lambda adapter uses ({@link Base64#getDecoder()}). */
    static boolean isBase64(String body) {
        try {
            Base64.getDecoder().decode(body);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

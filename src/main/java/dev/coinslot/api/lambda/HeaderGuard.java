package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemType;
import java.util.List;
import java.util.Map;

/**
 * Refuses header names and values that HTTP cannot carry: a name must be an RFC 9110 token; a value (and a cookie)
 * must not contain control characters other than horizontal tab. Quarkus's Lambda adapter rebuilds each event as an
 * HTTP request and fails on such headers with a bare {@code 500}; API Gateway's own parsing may refuse them first.
 */
final class HeaderGuard {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderGuard() {
    }

    /** The problem to answer, or {@code null} when every header is representable. */
    static Problem refusal(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (!isToken(h.getKey())) {
                    return invalid("A header name is not a valid HTTP token.");
                }
                if (h.getValue() != null && hasControlCharacter(h.getValue())) {
                    return invalid("The value of header '" + h.getKey() + "' contains control characters.");
                }
            }
        }
        List<String> cookies = event.getCookies();
        if (cookies != null && cookies.stream().anyMatch(c -> c != null && hasControlCharacter(c))) {
            return invalid("A cookie contains control characters.");
        }
        return null;
    }

    private static Problem invalid(String detail) {
        return ProblemType.INVALID_HEADER.problem(detail);
    }

    static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}

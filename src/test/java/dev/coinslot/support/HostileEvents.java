package dev.coinslot.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.LambdaApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Events whose encodings the HTTP stack cannot undo, derived from a well-formed request to a function: raw paths and
 * query strings with malformed percent-encoding, and bodies flagged base64 that are not. Each must be a {@code 400}
 * problem+json that writes nothing.
 */
public final class HostileEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One altered event and the refusal it must get. */
    public record Case(String name, String event, int status, String problemSlug) {
        public Response assertRefusedWritingNothing() {
            return HostileRequest.assertRefusedWritingNothing(name, () -> LambdaApi.invoke(event), status, problemSlug);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileEvents() {
    }

    /**
     * Malformed encodings of {@code method path} (with {@code headers} and {@code body}) as {@code as} sends it:
     * {@code pathPrefix} is a path of the function under which an extra segment is added (e.g. {@code /topups}).
     */
    public static List<Case> malformedEncodings(LambdaApi as, String method, String path, String pathPrefix,
            Map<String, String> headers, String body) {
        String base = as.event(method, path, headers, body, Map.of());
        List<Case> cases = new ArrayList<>();
        String[] paths = {pathPrefix + "/%zz", pathPrefix + "/%", pathPrefix + "/%4", pathPrefix + "/%e9t%e9",
                pathPrefix + "/%c3%28", pathPrefix + "/%\u0661\u0662"};
        for (String p : paths) {
            cases.add(altered(method + " " + p + " (raw path)", base, e -> e.put("rawPath", p), "malformed-uri"));
        }
        String[] queries = {"limit=%zz", "limit=%", "cursor=%g0", "limit=5&cursor=%ff", "%zz=1"};
        for (String q : queries) {
            cases.add(altered(method + " " + path + "?" + q, base, e -> e.put("rawQueryString", q), "malformed-uri"));
        }
        String[] bodies = {"{\"not\":\"base64\"}", "a", "c2t1=x", "!!!!", "ab\ncd"};
        for (String b : bodies) {
            cases.add(altered(method + " " + path + " base64 body " + b.replace("\n", "\\n"), base, e -> {
                e.put("isBase64Encoded", true);
                e.put("body", b);
            }, "malformed-request"));
        }
        return cases;
    }

    private static Case altered(String name, String event, Consumer<ObjectNode> change, String slug) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(event);
            change.accept(node);
            return new Case(name, node.toString(), 400, slug);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

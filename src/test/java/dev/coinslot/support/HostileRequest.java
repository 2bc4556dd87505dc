package dev.coinslot.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.LambdaApi.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hostile request of a table-driven suite: who sends it, and the status and problem {@code type} it must be refused
 * with. {@link #assertRefusedWritingNothing()} sends it and checks the refusal and that the whole table is unchanged.
 */
public record HostileRequest(String name, LambdaApi as, String method, String path, Map<String, String> headers,
        String body, Map<String, String> query, int status, String problemSlug) {

    public static final String FAKE_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLW5vdC1jaGVja2Vk";

    /** A request from {@code as}, with an {@code Authorization} header like the one API Gateway forwards. */
    public static HostileRequest of(String name, LambdaApi as, String method, String path, Map<String, String> headers,
            String body, int status, String problemSlug) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + FAKE_JWT));
        all.putAll(headers);
        return new HostileRequest(name, as, method, path, all, body, Map.of(), status, problemSlug);
    }

    public HostileRequest withQuery(Map<String, String> q) {
        return new HostileRequest(name, as, method, path, headers, body, q, status, problemSlug);
    }

    /** Sends the request; asserts a 4xx problem+json of the expected status and type, and no write to the table. */
    public Response assertRefusedWritingNothing() {
        return assertRefusedWritingNothing(name, () -> as.send(method, path, headers, body, query), status, problemSlug);
    }

    /** Sends with {@code send}; asserts a 4xx problem+json of {@code status} and type {@code problemSlug}, no write. */
    public static Response assertRefusedWritingNothing(String name, java.util.function.Supplier<Response> send, int status,
            String problemSlug) {
        TableSnapshot before = TableSnapshot.take();
        Response r = send.get();
        TableSnapshot after = TableSnapshot.take();
        LogSecretScan.scanBody(r.body());
        assertEquals(status, r.status(), name + ": " + r.body());
        assertTrue(status >= 400 && status < 500, name + ": not a client error");
        assertThat(name, r.contentType(), startsWith("application/problem+json"));
        assertEquals("https://coinslot.dev/problems/" + problemSlug, r.json().getString("type"), name + ": " + r.body());
        assertEquals(status, r.json().getInt("status"), name);
        List<String> written = before.difference(after);
        assertEquals(List.of(), written, name + " wrote to the table");
        return r;
    }

    /** Sends with {@code send}; asserts status {@code status} and no write to the table (e.g. a repeated change). */
    public static Response assertNothingWritten(String name, java.util.function.Supplier<Response> send, int status) {
        TableSnapshot before = TableSnapshot.take();
        Response r = send.get();
        TableSnapshot after = TableSnapshot.take();
        assertEquals(status, r.status(), name + ": " + r.body());
        assertEquals(List.of(), before.difference(after), name + " wrote to the table");
        return r;
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.coinslot.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS Secrets Manager's JSON API ({@code POST /}, {@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, {@code application/x-amz-json-1.1}). It answers the secrets it was given, refuses
 * unsigned requests and requests whose SigV4 credential scope is not {@code <region>/secretsmanager/aws4_request}
 * (as {@code AccessDeniedException}-like 400s), answers unknown ids with {@code ResourceNotFoundException}, and can fail
 * the next calls with a 500. It records each call's access key id, region and secret id.
 */
public final class SecretsManagerStub implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "AKIDSECRETSSTUB";
    public static final String SECRET_ACCESS_KEY = "stub-secret-access-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/([a-z0-9-]+)/([a-z]+)/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}");

    /** One request as the stub saw it. */
    public record Call(String accessKeyId, String region, String secretId, String signedHeaders) {
    }

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();

    private SecretsManagerStub(HttpServer server) {
        this.server = server;
    }

    public static SecretsManagerStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SecretsManagerStub stub = new SecretsManagerStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public SecretsManagerStub put(String secretId, String secretString) {
        secrets.put(secretId, secretString);
        return this;
    }

    /** The next {@code n} calls answer 500 {@code InternalServiceError}. */
    public void failNext(int n) {
        failNext.set(n);
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, error("UnknownOperationException", "no such path"));
                return;
            }
            if (!"secretsmanager.GetSecretValue".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                    || !"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                answer(exchange, 400, error("UnknownOperationException", "expected GetSecretValue in x-amz-json-1.1"));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = CREDENTIAL.matcher(authorization == null ? "" : authorization);
            JsonNode request = JSON.readTree(body);
            String secretId = request.path("SecretId").asText("");
            if (!m.matches() || !"secretsmanager".equals(m.group(3)) || !m.group(4).contains("x-amz-target")
                    || exchange.getRequestHeaders().getFirst("X-Amz-Date") == null) {
                answer(exchange, 400, error("MissingAuthenticationTokenException", "request is not SigV4-signed for secretsmanager"));
                return;
            }
            synchronized (calls) {
                calls.add(new Call(m.group(1), m.group(2), secretId, m.group(4)));
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 500, error("InternalServiceError", "try again"));
                return;
            }
            if (!ACCESS_KEY_ID.equals(m.group(1))) {
                answer(exchange, 400, error("UnrecognizedClientException", "The security token included in the request is invalid."));
                return;
            }
            String value = secrets.get(secretId);
            if (value == null) {
                answer(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            answer(exchange, 200, JSON.createObjectNode().put("ARN", secretId).put("Name", secretId.replaceAll(".*:secret:", ""))
                    .put("SecretString", value).put("VersionId", "v1").toString());
        }
    }

    private static String error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message).toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

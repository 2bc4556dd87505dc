package dev.coinslot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A loopback Lambda Runtime API (2018-06-01) for one function process: {@code GET /runtime/invocation/next} hands out
 * queued events (long poll), {@code POST /runtime/invocation/{id}/response|error} completes them, and
 * {@code POST /runtime/init/error} records a failed start. The first {@code /next} poll marks the end of init, as it
 * does for Lambda. Works for anything that speaks the Runtime API: the JVM function.zip under the Runtime Interface
 * Client, or a native {@code bootstrap}.
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Replaced in an event by this JVM's {@code nanoTime} when the event is handed out (bench stage timing). */
    public static final String SENT_PLACEHOLDER = "@SENT_NANOS@";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> initDone = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final List<String> invocationErrors = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RuntimeApiEmulator(HttpServer server) {
        this.server = server;
    }

    public static RuntimeApiEmulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            RuntimeApiEmulator emulator = new RuntimeApiEmulator(server);
            server.createContext(PREFIX, emulator::handle);
            server.setExecutor(emulator.executor);
            server.start();
            return emulator;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Runtime API emulator", e);
        }
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes with {@link System#nanoTime()} of the first {@code /next} poll: init is over. */
    public CompletableFuture<Long> initDone() {
        return initDone;
    }

    /** Completes with the body of an init error report. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /** Bodies of every {@code /invocation/{id}/error} report so far. */
    public List<String> invocationErrors() {
        return List.copyOf(invocationErrors);
    }

    /** Queues one event and waits for the function's answer. */
    public Result invoke(String event, Duration timeout) {
        Pending pending = new Pending(UUID.randomUUID().toString(), event, System.nanoTime());
        queue.add(pending);
        try {
            return pending.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            queue.remove(pending);
            throw new IllegalStateException("no answer within " + timeout + " (init error: " + initError.getNow(null) + ")");
        } catch (Exception e) {
            throw new IllegalStateException("invocation failed", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "invocation/next".equals(path)) {
                next(exchange);
            } else if ("POST".equals(method) && "init/error".equals(path)) {
                initError.complete(body(exchange));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("POST".equals(method) && path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                Pending pending = parts.length == 3 ? inFlight.remove(parts[1]) : null;
                if (pending == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
                    return;
                }
                String body = body(exchange);
                boolean error = "error".equals(parts[2]);
                if (error) {
                    invocationErrors.add(body);
                }
                long received = System.nanoTime();
                reply(exchange, 202, "{\"status\":\"OK\"}");
                Long sent = sentAt.remove(pending.requestId);
                pending.result.complete(new Result(!error, body, received - pending.queuedNanos,
                        sent == null ? -1 : received - sent));
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not a Runtime API path\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        initDone.complete(System.nanoTime());
        Pending pending = null;
        while (pending == null && !closed) {
            try {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (pending == null) {
            return; // closing: the poll is dropped, as when Lambda freezes the environment for good
        }
        inFlight.put(pending.requestId, pending);
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", pending.requestId);
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + DEADLINE.toMillis()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:coinslot-bench");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        long sent = System.nanoTime();
        sentAt.put(pending.requestId, sent);
        reply(exchange, 200, pending.event.replace(SENT_PLACEHOLDER, Long.toString(sent)));
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * The function's answer: {@code ok} false for an invocation error; {@code nanos} from queueing to answer;
     * {@code functionNanos} from handing the event out on {@code /next} to receiving the answer (the function's side).
     */
    public record Result(boolean ok, String body, long nanos, long functionNanos) {
    }

    private record Pending(String requestId, String event, long queuedNanos, CompletableFuture<Result> result) {
        Pending(String requestId, String event, long queuedNanos) {
            this(requestId, event, queuedNanos, new CompletableFuture<>());
        }
    }
}

package dev.coinslot.bench;

import dev.coinslot.adapter.dynamodb.TableInitializer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (in memory) as its own {@code java} process on a loopback port, so its CPU is not counted as the
 * function's; classpath from the test classpath (DynamoDB Local 2.x loads its sqlite4java natives itself). Creates
 * the wallet table from {@code WalletTable}, as dev mode and the tests do.
 */
public final class DynamoDbLocalProcess implements AutoCloseable {

    public static final String TABLE = "coinslot-bench";

    private final Process process;
    private final String endpoint;

    private DynamoDbLocalProcess(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static DynamoDbLocalProcess start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Path.of("target", "bench", "logs", "dynamodb-local-" + port + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:+UseParallelGC", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    "com.amazonaws.services.dynamodbv2.local.main.ServerRunner", "-inMemory", "-sharedDb", "-port", Integer.toString(port)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            DynamoDbLocalProcess local = new DynamoDbLocalProcess(process, "http://127.0.0.1:" + port);
            local.awaitPort(port, Duration.ofSeconds(60), log);
            try (DynamoDbClient client = local.client()) {
                TableInitializer.createIfMissing(client, TABLE);
            }
            return local;
        } catch (IOException e) {
            throw new IllegalStateException("could not start DynamoDB Local", e);
        }
    }

    private void awaitPort(int port, Duration timeout, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("DynamoDB Local exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                FunctionProcess.sleep(100);
            }
        }
        throw new IllegalStateException("DynamoDB Local did not listen within " + timeout);
    }

    public String endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** A plain SDK client with the URL-connection HTTP client, the one the functions use. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

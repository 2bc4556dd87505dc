package dev.coinslot.support;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Runs DynamoDB Local in-process (in memory) on a free port for the whole test run and creates the wallet table. */
public class DynamoDbLocalResource implements QuarkusTestResourceLifecycleManager {

    public static final String TABLE = "coinslot-test";
    private static DynamoDBProxyServer server;
    private static String endpoint;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                int port = freePort();
                server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
                server.start();
                endpoint = "http://localhost:" + port;
                try (DynamoDbClient client = client()) {
                    TableInitializer.createIfMissing(client, TABLE);
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not start DynamoDB Local", e);
            }
        }
        return Map.of("quarkus.dynamodb.endpoint-override", endpoint, "coinslot.table-name", TABLE);
    }

    @Override
    public void stop() {
        // kept running for the whole JVM: later test classes reuse it
    }

    /** A plain SDK client on the local server, for test set-up and invariant checks. */
    public static DynamoDbClient client() {
        return client(java.util.List.of());
    }

    /** A plain SDK client on the local server with {@code interceptors} (to see the requests an adapter sends). */
    public static DynamoDbClient client(java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors) {
        return DynamoDbClient.builder()
                .overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor))
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A plain DynamoDB Streams client on the local server (the table has a stream, as deployed). */
    public static DynamoDbStreamsClient streamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

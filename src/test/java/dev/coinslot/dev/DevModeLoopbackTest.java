package dev.coinslot.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.coinslot.config.CoinslotConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Dev mode serves this machine only: the embedded DynamoDB Local (which accepts any static credentials) listens on
 * loopback, and the API refuses requests from other addresses (its demo identity lets a caller be any user).
 */
class DevModeLoopbackTest {

    private static SmallRyeConfig devConfig() throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile("dev")
                .withSources(new PropertiesConfigSource(new File("src/main/resources/application.properties").toURI().toURL(), 250))
                .withMapping(CoinslotConfig.class)
                .build();
    }

    @Test
    void devProfile_pointsAtALoopbackDynamoDb_andRefusesRemoteClients() throws Exception {
        SmallRyeConfig config = devConfig();
        CoinslotConfig.Dev dev = config.getConfigMapping(CoinslotConfig.class).dev();
        assertTrue(InetAddress.getByName(dev.dynamodbHost()).isLoopbackAddress(), dev.dynamodbHost());
        URI endpoint = URI.create(config.getValue("quarkus.dynamodb.endpoint-override", String.class));
        assertEquals(dev.dynamodbHost(), endpoint.getHost(), "the client talks to the address DynamoDB Local listens on");
        assertEquals(dev.dynamodbPort(), endpoint.getPort());
        assertFalse(dev.remoteClients(), "dev mode answers this machine only unless told otherwise");
    }

    @Test
    void dynamoDbLocal_boundToLoopback_isUnreachableFromOtherAddresses() throws Exception {
        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to try");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(port)});
        LocalDynamoDb.bind(server, "127.0.0.1");
        server.start();
        try {
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            }
            assertThrows(IOException.class, () -> {
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(external, port), 2_000);
                }
            }, "DynamoDB Local answered on " + external.getHostAddress());
        } finally {
            server.stop();
        }
    }

    @Test
    void onlyLoopbackSourceAddresses_areThisMachine() {
        for (String ip : new String[] {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1"}) {
            assertTrue(LoopbackOnly.isLoopback(ip), ip);
        }
        for (String ip : new String[] {"10.0.0.5", "192.168.1.2", "203.0.113.7", "::2", "fe80::1", "", "localhost", null}) {
            assertFalse(LoopbackOnly.isLoopback(ip), String.valueOf(ip));
        }
    }
}

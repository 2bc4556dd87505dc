package dev.coinslot.dev;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.wallet.CreditGrants;
import dev.coinslot.application.wallet.WalletQueries;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Dev mode only: runs DynamoDB Local in this JVM (in memory), creates the wallet table and funds the demo wallet,
 * so {@code ./mvnw quarkus:dev} needs no Docker and no AWS account. Excluded from prod builds by its build profile.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LocalDynamoDb {

    private static final Logger LOG = Logger.getLogger(LocalDynamoDb.class);

    private DynamoDBProxyServer server;

    void start(@Observes @Priority(1) StartupEvent event, CoinslotConfig config, Instance<DynamoDbClient> dynamo,
            Instance<WalletQueries> wallets, Instance<CreditGrants> grants) throws Exception {
        int port = config.dev().dynamodbPort();
        String host = config.dev().dynamodbHost();
        server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
        bind(server, host);
        server.start();
        LOG.infof("DynamoDB Local listening host=%s port=%d (in memory)", host, port);
        TableInitializer.createIfMissing(dynamo.get(), config.tableName());
        String demo = config.dev().demoUser();
        if (wallets.get().wallet(demo).ledgerSequence() == 0 && config.dev().demoGrantCredits() > 0) {
            grants.get().grant(demo, Credits.of(config.dev().demoGrantCredits()), "dev-grant:startup");
            LOG.infof("demo wallet user=%s funded credits=%d", demo, config.dev().demoGrantCredits());
        }
    }

    /**
     * Makes a DynamoDB Local server (not started yet) listen on {@code host} only. DynamoDB Local has no option for
     * its address and binds every interface; its Jetty server's connectors take a host before they start.
     */
    public static void bind(DynamoDBProxyServer server, String host) throws ReflectiveOperationException {
        Field jettyField = DynamoDBProxyServer.class.getDeclaredField("server");
        jettyField.setAccessible(true);
        Server jetty = (Server) jettyField.get(server);
        for (Connector connector : jetty.getConnectors()) {
            ((ServerConnector) connector).setHost(host);
        }
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}

package dev.coinslot.dev;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.CreditGrants;
import dev.coinslot.application.WalletQueries;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
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
        server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
        server.start();
        LOG.infof("DynamoDB Local listening port=%d (in memory)", port);
        TableInitializer.createIfMissing(dynamo.get(), config.tableName());
        String demo = config.dev().demoUser();
        if (wallets.get().wallet(demo).version() == 0 && config.dev().demoGrantCredits() > 0) {
            grants.get().grant(demo, Credits.of(config.dev().demoGrantCredits()), "dev-grant:startup");
            LOG.infof("demo wallet user=%s funded credits=%d", demo, config.dev().demoGrantCredits());
        }
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}

package dev.coinslot.adapter.dynamodb;

import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/** Creates the wallet table (with its TTL attribute) where nothing else does: dev mode and tests. */
public final class TableInitializer {

    private static final Logger LOG = Logger.getLogger(TableInitializer.class);

    private TableInitializer() {
    }

    public static void createIfMissing(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(WalletTable.createTableRequest(tableName));
            dynamo.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(tableName)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .attributeName(WalletTable.TTL).enabled(true).build())
                    .build());
            LOG.infof("created table=%s", tableName);
        } catch (ResourceInUseException alreadyThere) {
            LOG.debugf("table=%s exists", tableName);
        }
    }
}

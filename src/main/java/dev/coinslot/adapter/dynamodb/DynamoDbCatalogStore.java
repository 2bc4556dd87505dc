package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.application.port.CatalogStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.store.CatalogChange;
import dev.coinslot.domain.store.CatalogDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link CatalogStore} on the wallet table: the document item and its audit items under one partition
 * ({@code CATALOG#{catalogId}}); a change is one TransactWriteItems of the document (conditioned on the version it
 * replaces) and its audit item.
 */
@ApplicationScoped
public class DynamoDbCatalogStore implements CatalogStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final String catalogId;

    public DynamoDbCatalogStore(DynamoDbClient dynamo, CoinslotConfig config) {
        this.dynamo = dynamo;
        this.table = config.tableName();
        this.catalogId = config.storefront().catalogId();
    }

    @Override
    public Optional<CatalogDocument> load() {
        return DynamoErrors.getItem(dynamo, table, CatalogItems.pk(catalogId), CatalogItems.DOCUMENT_SK)
                .map(CatalogItems::document);
    }

    @Override
    public CatalogWrite save(CatalogChange change) {
        Put.Builder document = Put.builder().tableName(table).item(CatalogItems.documentItem(catalogId, change.after()));
        if (change.version() == 1) {
            document.conditionExpression("attribute_not_exists(pk)");
        } else {
            document.conditionExpression("version = :previous")
                    .expressionAttributeValues(Map.of(":previous", n(change.version() - 1)));
        }
        TxItems tx = new TxItems()
                .add(Role.CATALOG, TransactWriteItem.builder().put(document.build()).build())
                .add(Role.CATALOG_CHANGE, TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(CatalogItems.changeItem(catalogId, change)).conditionExpression("attribute_not_exists(pk)")
                        .build()).build());
        try {
            tx.commit(dynamo);
            return new CatalogWrite.Saved();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.CATALOG) || tx.failed(e, Role.CATALOG_CHANGE) || TxItems.conflicted(e)) {
                return new CatalogWrite.VersionConflict();
            }
            throw new IllegalStateException("catalog transaction cancelled for an unexpected reason: " + e.cancellationReasons(), e);
        }
    }

    @Override
    public List<CatalogChange> changes(int limit, Optional<Long> beforeVersion) {
        String pk = CatalogItems.pk(catalogId);
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(false)
                .limit(limit);
        if (beforeVersion.isPresent()) {
            query.keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi").expressionAttributeValues(Map.of(
                    ":pk", s(pk), ":lo", s(CatalogItems.CHANGE_PREFIX), ":hi", s(CatalogItems.changeSk(beforeVersion.get() - 1))));
        } else {
            query.keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(CatalogItems.CHANGE_PREFIX)));
        }
        return DynamoErrors.call(() -> dynamo.query(query.build())).items().stream().map(CatalogItems::change).toList();
    }
}

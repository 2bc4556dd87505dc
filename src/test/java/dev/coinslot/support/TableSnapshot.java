package dev.coinslot.support;

import dev.coinslot.adapter.dynamodb.WalletTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Every item of the wallet table, every attribute, in key order: two snapshots are equal only if nothing was written. */
public record TableSnapshot(List<String> items) {

    /**
     * A scan of the whole table, repeated until two scans in a row agree: one paginated Scan of DynamoDB Local was seen
     * (once, in CI on a loaded machine) to miss an item no request had touched. A real write between "before" and
     * "after" still shows, since both snapshots are each stable.
     */
    public static TableSnapshot take() {
        List<String> previous = scanOnce();
        for (int attempt = 0; attempt < 5; attempt++) {
            List<String> current = scanOnce();
            if (current.equals(previous)) {
                return new TableSnapshot(current);
            }
            previous = current;
        }
        throw new IllegalStateException("the table kept changing while nothing should write to it");
    }

    private static List<String> scanOnce() {
        List<String> items = new ArrayList<>();
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder scan = ScanRequest.builder().tableName(DynamoDbLocalResource.TABLE).consistentRead(true);
                if (start != null) {
                    scan.exclusiveStartKey(start);
                }
                ScanResponse page = client.scan(scan.build());
                long now = System.currentTimeMillis() / 1000;
                page.items().stream().filter(item -> !expired(item, now))
                        .forEach(item -> items.add(new TreeMap<>(item).toString()));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        items.sort(null);
        return List.copyOf(items);
    }

    /**
     * Items past their TTL ({@code expiresAt}) are left out: DynamoDB Local's TTL sweep deletes them at a moment of its
     * own (seen in a full run: a test's deliberately expired idempotency record vanished between a hostile request's
     * "before" and "after"), and no request writes an already expired item.
     */
    private static boolean expired(Map<String, AttributeValue> item, long nowEpochSeconds) {
        AttributeValue ttl = item.get(WalletTable.TTL);
        return ttl != null && ttl.n() != null && Long.parseLong(ttl.n()) < nowEpochSeconds;
    }

    /** Items present in only one of the two snapshots (for a readable failure). */
    public List<String> difference(TableSnapshot after) {
        List<String> diff = new ArrayList<>();
        items.stream().filter(i -> !after.items.contains(i)).forEach(i -> diff.add("- " + i));
        after.items.stream().filter(i -> !items.contains(i)).forEach(i -> diff.add("+ " + i));
        return diff;
    }
}

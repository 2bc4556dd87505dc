package dev.coinslot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads a wallet's items straight from DynamoDB Local and checks the money invariants. */
public final class WalletInvariants {

    private WalletInvariants() {
    }

    /** All items of the user's partition. */
    public static List<Map<String, AttributeValue>> items(String userId) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(DynamoDbLocalResource.TABLE)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.builder().s("WALLET#" + userId).build()))
                        .consistentRead(true);
                if (start != null) {
                    q.exclusiveStartKey(start);
                }
                QueryResponse r = client.query(q.build());
                all.addAll(r.items());
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return all;
    }

    public static List<Map<String, AttributeValue>> itemsOfType(String userId, String skPrefix) {
        return items(userId).stream().filter(i -> i.get("sk").s().startsWith(skPrefix)).toList();
    }

    /** Stored balance (0 when no wallet item), after asserting it equals the sum of the ledger and the version. */
    public static long assertConsistent(String userId) {
        List<Map<String, AttributeValue>> items = items(userId);
        long balance = 0;
        long version = 0;
        long ledgerSum = 0;
        Map<Long, Long> running = new HashMap<>();
        List<Long> sequences = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.equals("WALLET")) {
                balance = Long.parseLong(item.get("balance").n());
                version = Long.parseLong(item.get("version").n());
            } else if (sk.startsWith("LEDGER#")) {
                long seq = Long.parseLong(item.get("seq").n());
                ledgerSum += Long.parseLong(item.get("amount").n());
                running.put(seq, Long.parseLong(item.get("balanceAfter").n()));
                sequences.add(seq);
            }
        }
        assertEquals(ledgerSum, balance, "balance must equal the sum of ledger entries for " + userId);
        assertEquals(version, sequences.size(), "one ledger entry per wallet version for " + userId);
        if (version > 0) {
            assertEquals(balance, running.get(version), "newest entry's balanceAfter must equal the balance");
        }
        return balance;
    }

    public static long count(String userId, String skPrefix) {
        return itemsOfType(userId, skPrefix).size();
    }
}

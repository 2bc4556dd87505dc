package dev.coinslot.support;

import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Test helpers for wallet fixtures. */
public final class Wallets {

    private Wallets() {
    }

    /** A user id no other test uses. */
    public static String newUser(String label) {
        return label + "-" + UUID.randomUUID();
    }

    /** Sets the wallet's status directly in the table (as the dispute flow will). */
    public static void setStatus(String userId, String status) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            client.updateItem(UpdateItemRequest.builder().tableName(DynamoDbLocalResource.TABLE)
                    .key(Map.of("pk", AttributeValue.builder().s("WALLET#" + userId).build(),
                            "sk", AttributeValue.builder().s("WALLET").build()))
                    .updateExpression("SET #s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.builder().s(status).build()))
                    .build());
        }
    }
}

package dev.coinslot.adapter.dynamodb;

import dev.coinslot.application.port.StoreUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Translates infrastructure failures (no connection, timeouts, throttling, 5xx after the SDK's own retries) into
 * {@link StoreUnavailableException}; cancelled transactions pass through for the caller to read their reasons.
 */
final class DynamoErrors {

    private DynamoErrors() {
    }

    /** A strongly consistent read of one item; empty if there is none. */
    static java.util.Optional<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> getItem(
            software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table, String pk, String sk) {
        var response = call(() -> dynamo.getItem(b -> b.tableName(table).key(Attr.key(pk, sk)).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? java.util.Optional.of(response.item())
                : java.util.Optional.empty();
    }

    static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ThrottlingError".equals(r.code())
                    || "ProvisionedThroughputExceeded".equals(r.code()))) {
                throw new StoreUnavailableException("DynamoDB throttled the transaction", e);
            }
            throw e;
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("DynamoDB unavailable: " + e.awsErrorDetails().errorCode(), e);
            }
            throw e;
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("DynamoDB unreachable: " + e.getMessage(), e);
        }
    }
}

package dev.coinslot.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.application.port.OwnershipStore.RefundRecord;
import dev.coinslot.domain.Credits;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.fakes.TestConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A refund's idempotency record written before refunds stated the loyalty rewards they took back has no
 * {@code takenBack}: a replay of such a refund must still answer, with 0 taken back (nothing was then).
 */
class RefundRecordShapeTest {

    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        new DynamoDbLocalResource().start();
        dynamo = DynamoDbLocalResource.client();
        TableInitializer.createIfMissing(dynamo, TestConfig.TABLE);
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    @Test
    void aRefundRecordInThePreviousShape_readsWithNothingTakenBack() {
        Instant now = Instant.now();
        DynamoDbOwnershipStore store = new DynamoDbOwnershipStore(dynamo, TestConfig.defaults().coinslot(),
                Clock.fixed(now, ZoneOffset.UTC));
        String owner = "refund-shape-" + UUID.randomUUID();
        // the attributes DynamoDbOwnershipStore.commitRefund wrote until this change, exactly
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.walletPk(owner),
                DynamoDbOwnershipStore.REFUND_IDEMPOTENCY_PREFIX + "k1"));
        item.putAll(Map.of("type", Attr.s("IDEMPOTENCY"), "idemKey", Attr.s("k1"), "requestHash", Attr.s("h".repeat(64)),
                "owner", Attr.s(owner), "purchaseId", Attr.s("pur_1"), "returned", Attr.n(99), "notReturned", Attr.n(0),
                "balanceAfter", Attr.n(500), "refundedAt", Attr.s(now.toString()),
                WalletTable.TTL, Attr.n(now.plusSeconds(3600).getEpochSecond())));
        dynamo.putItem(b -> b.tableName(TestConfig.TABLE).item(item));

        assertEquals(new RefundRecord(owner, "k1", "h".repeat(64), "pur_1", Credits.of(99), Credits.ZERO, Credits.ZERO,
                Credits.of(500), now, Instant.ofEpochSecond(now.plusSeconds(3600).getEpochSecond())),
                store.findRefundRecord(owner, "k1").orElseThrow());
    }
}

package dev.coinslot.adapter.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The single wallet table's shape: the one definition that local/dev/test table creation uses and that
 * {@code infra/template.yaml} must match (a test compares them). Item keys:
 * <pre>
 * pk                      sk                          item
 * WALLET#{userId}         WALLET                      wallet: balance, lots, status, version (every write), ledgerSeq
 * WALLET#{userId}         LEDGER#{sequence:019}       ledger entry (newest first = descending sk); a purchase's entry is
 *                                                     also its purchase record (purchaseId, sku, quantity, lotsTaken, ...)
 * WALLET#{userId}         IDEM#checkout#{key}         checkout idempotency record, expiresAt (TTL)
 * WALLET#{userId}         IDEM#topup#{key}            top-up idempotency record, expiresAt (TTL)
 * WALLET#{userId}         IDEM#consume#{key}          consumption idempotency record, expiresAt (TTL)
 * WALLET#{userId}         IDEM#refund#{key}           refund idempotency record, expiresAt (TTL)
 * WALLET#{userId}         ENT#{sku}                   entitlement: type, quantity, activeUntil (passes), ver
 * WALLET#{userId}         REFUNDS                     times of the user's refunds in the last 30 days, ver
 * WALLET#{userId}         TOPUP#{topUpId}             top-up: pack, amount, credits, status, payment intent
 * WALLET#{userId}         RATE#topup#{hourStart}      top-ups started in that UTC hour (string set), expiresAt (TTL)
 * PAYMENT#{paymentIntentId} PAYMENT                   payment → (user, top-up) lookup for charge/dispute events
 * EVENT#{stripeEventId}   EVENT                       processed webhook event marker, expiresAt (TTL, 40 days)
 * INVITE#{sha256(code)}   INVITE                      guardian invitation: owner, createdAt, consumedBy, expiresAt (TTL)
 * EXPERIMENTS             EXPERIMENT#{experimentId}   price experiment: sku, variants, startsAt, endsAt, stoppedAt, version
 * EXPOSURE#{experimentId} {userId}                    first exposure: variant, exposedAt; purchases, credits while it ran
 * METRICS#{day}           DAY | SKU#{sku} | USER#{id}  daily metric aggregates (DynamoDbMetricsStore)
 * METRICFACT#{factId}     FACT                        counted-fact marker, expiresAt (TTL, 7 days)
 * WALLET#{userId}         REWARD#{reference}          a loyalty reward (daily:{day}, grant:{reference}): type, rule, credits,
 *                                                     rewardExpiresAt, fingerprint, balanceAfter, at; expiresAt (TTL) for daily
 * EXPIRY#{yyyy-MM-dd}     WALLET#{userId}             a wallet holds promotional credits expiring that UTC day: owner,
 *                                                     sweptAt once the expiry sweep applied it, expiresAt (TTL)
 * </pre>
 * The table's stream ({@link #STREAM_VIEW}) feeds the {@code metrics} function.
 */
public final class WalletTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    /** TTL attribute: epoch seconds after which DynamoDB may delete the item. */
    public static final String TTL = "expiresAt";

    static final String WALLET_PREFIX = "WALLET#";
    static final String WALLET_SK = "WALLET";
    static final String LEDGER_PREFIX = "LEDGER#";
    static final String PURCHASE_PREFIX = "PURCHASE#";
    static final String CHECKOUT_IDEMPOTENCY_PREFIX = "IDEM#checkout#";
    static final String TOPUP_IDEMPOTENCY_PREFIX = "IDEM#topup#";
    static final String TOPUP_PREFIX = "TOPUP#";
    /** Per-user, per-hour top-up counter: {@code RATE#topup#2026-11-26T07:00:00Z}. */
    static final String TOPUP_RATE_PREFIX = "RATE#topup#";
    static final String PAYMENT_PREFIX = "PAYMENT#";
    static final String PAYMENT_SK = "PAYMENT";
    static final String EVENT_PREFIX = "EVENT#";
    static final String EVENT_SK = "EVENT";
    static final String INVITE_PREFIX = "INVITE#";
    static final String INVITE_SK = "INVITE";
    static final String EXPERIMENTS_PK = "EXPERIMENTS";
    static final String EXPERIMENT_PREFIX = "EXPERIMENT#";
    static final String EXPOSURE_PREFIX = "EXPOSURE#";
    static final String EXPIRY_PREFIX = "EXPIRY#";
    static final String REWARD_PREFIX = "REWARD#";

    /** The stream's view: old and new images, so a top-up's credit is told from later changes of the same item. */
    public static final StreamViewType STREAM_VIEW = StreamViewType.NEW_AND_OLD_IMAGES;

    private WalletTable() {
    }

    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(List.of(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build()))
                .keySchema(List.of(
                        KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()))
                .streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(STREAM_VIEW).build())
                .build();
    }

    static String walletPk(String ownerId) {
        return WALLET_PREFIX + ownerId;
    }

    static String ledgerSk(long sequence) {
        if (sequence < 0) {
            return LEDGER_PREFIX + String.format("%019d", sequence);
        }
        // the same text as String.format("%019d"), without parsing a format on every checkout
        String digits = Long.toString(sequence);
        return digits.length() >= 19 ? LEDGER_PREFIX + digits : LEDGER_PREFIX + "0".repeat(19 - digits.length()) + digits;
    }
}

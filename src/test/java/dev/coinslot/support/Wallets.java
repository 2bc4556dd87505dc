package dev.coinslot.support;

import dev.coinslot.adapter.dynamodb.StoredLots;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.Lots;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Test helpers for wallet fixtures. */
public final class Wallets {

    private Wallets() {
    }

    /** A user id no other test uses. */
    public static String newUser(String label) {
        return label + "-" + UUID.randomUUID();
    }

    /**
     * Grants credits by writing the wallet and a GRANT ledger entry straight into DynamoDB Local, the way the
     * application does (version-conditioned, one transaction), so tests of the packaged app can fund wallets too.
     */
    public static void fund(String userId, long credits) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            fund(client, DynamoDbLocalResource.TABLE, userId, credits);
        }
    }

    /**
     * Funds a wallet the way the version before lots did: balance and a GRANT entry without a paid/promotional split,
     * no {@code lots} attribute (the wallet must be new).
     */
    public static void fundLegacy(String userId, long credits) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            client.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(DynamoDbLocalResource.TABLE).item(Map.of(
                            "pk", s("WALLET#" + userId), "sk", s("WALLET"), "type", s("WALLET"), "owner", s(userId),
                            "status", s("ACTIVE"), "balance", n(credits), "version", n(1), "ledgerSeq", n(1)))
                            .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(DynamoDbLocalResource.TABLE).item(Map.of(
                            "pk", s("WALLET#" + userId), "sk", s(String.format("LEDGER#%019d", 1)), "type", s("LEDGER"),
                            "owner", s(userId), "seq", n(1), "entryType", s("GRANT"), "amount", n(credits),
                            "balanceAfter", n(credits), "ref", s("test-grant:legacy"), "at", s(Instant.now().toString())))
                            .build()).build()));
        }
    }

    /** {@link #fund(String, long)} on any table, e.g. a DynamoDB Local process the packaged function uses. */
    public static void fund(DynamoDbClient client, String table, String userId, long credits) {
        fundLots(client, table, userId, List.of(Lot.promo(LotSource.GRANT, credits, Instant.now(), Optional.empty(), "")));
    }

    /** Adds {@code lots} to the user's wallet as one GRANT entry (its paid/promotional split as the lots say). */
    public static void fundLots(String userId, List<Lot> lots) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            fundLots(client, DynamoDbLocalResource.TABLE, userId, lots);
        }
    }

    /**
     * Writes the wallet (balance and lots, version-conditioned) and its GRANT ledger entry in one transaction, the
     * shape the application writes; a wallet item without lots is read as one legacy lot, as the application does.
     */
    public static void fundLots(DynamoDbClient client, String table, String userId, List<Lot> lots) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Map<String, AttributeValue> key = Map.of("pk", s("WALLET#" + userId), "sk", s("WALLET"));
            Map<String, AttributeValue> wallet = client.getItem(b -> b.tableName(table).key(key)
                    .consistentRead(true)).item();
            long version = wallet == null || !wallet.containsKey("version") ? 0 : Long.parseLong(wallet.get("version").n());
            // an item without ledgerSeq counts its entries in version (the shape before ledgerSeq existed)
            long sequence = wallet == null || !wallet.containsKey("ledgerSeq") ? version : Long.parseLong(wallet.get("ledgerSeq").n());
            long balance = wallet == null || !wallet.containsKey("balance") ? 0 : Long.parseLong(wallet.get("balance").n());
            Lots current = wallet != null && wallet.containsKey("lots")
                    ? StoredLots.decode(wallet.get("lots").s()).reconciledTo(Credits.of(balance)) : Lots.legacy(Credits.of(balance));
            long paid = 0;
            long promo = 0;
            for (Lot lot : lots) {
                Lots.Change change = current.add(lot);
                paid += change.paidCredits();
                promo += change.promoCredits();
                current = change.after();
            }
            long credits = paid + promo;
            long paidCredits = paid;
            long promoCredits = promo;
            long next = sequence + 1;
            long after = balance + credits;
            String encoded = StoredLots.encode(current);
            try {
                client.transactWriteItems(t -> t.transactItems(
                        TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                                .updateExpression("SET balance = :after, lots = :lots, version = :vNext, ledgerSeq = :next, #s = if_not_exists(#s, :active), #o = :owner, #t = :type")
                                .conditionExpression(version == 0 ? "attribute_not_exists(pk) OR version = :v" : "version = :v")
                                .expressionAttributeNames(Map.of("#s", "status", "#o", "owner", "#t", "type"))
                                .expressionAttributeValues(Map.of(":after", n(after), ":next", n(next), ":active", s("ACTIVE"),
                                        ":owner", s(userId), ":type", s("WALLET"), ":v", n(version), ":vNext", n(version + 1),
                                        ":lots", s(encoded)))
                                .build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.ofEntries(
                                Map.entry("pk", s("WALLET#" + userId)), Map.entry("sk", s(String.format("LEDGER#%019d", next))),
                                Map.entry("type", s("LEDGER")), Map.entry("owner", s(userId)), Map.entry("seq", n(next)),
                                Map.entry("entryType", s("GRANT")), Map.entry("amount", n(credits)), Map.entry("paid", n(paidCredits)),
                                Map.entry("promo", n(promoCredits)), Map.entry("balanceAfter", n(after)),
                                Map.entry("ref", s("test-grant:" + UUID.randomUUID())),
                                Map.entry("at", s(Instant.now().toString())))).conditionExpression("attribute_not_exists(pk)").build()).build()));
                return;
            } catch (TransactionCanceledException retry) {
                // a concurrent change: read again
            }
        }
        throw new IllegalStateException("could not fund " + userId);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }

    /** Moves every idempotency record of the user past its TTL (DynamoDB Local never deletes expired items). */
    public static void expireIdempotencyRecords(String userId) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            for (Map<String, AttributeValue> item : WalletInvariants.itemsOfType(userId, "IDEM#")) {
                client.updateItem(UpdateItemRequest.builder().tableName(DynamoDbLocalResource.TABLE)
                        .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                        .updateExpression("SET expiresAt = :past")
                        .expressionAttributeValues(Map.of(":past", n(Instant.now().getEpochSecond() - 60)))
                        .build());
            }
        }
    }

    /**
     * Moves the user's top-ups' {@code createdAt} {@code age} into the past. A top-up record and its idempotency record
     * are written at the same instant, so a test that expires the record as if its lifetime had passed ages the top-up too.
     */
    public static void ageTopUps(String userId, java.time.Duration age) {
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            for (Map<String, AttributeValue> item : WalletInvariants.itemsOfType(userId, "TOPUP#")) {
                Instant created = Instant.parse(item.get("createdAt").s());
                client.updateItem(UpdateItemRequest.builder().tableName(DynamoDbLocalResource.TABLE)
                        .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                        .updateExpression("SET createdAt = :created")
                        .expressionAttributeValues(Map.of(":created", s(created.minus(age).toString())))
                        .build());
            }
        }
    }

    /**
     * Stores a saved card on the wallet as a top-up and its {@code payment_intent.succeeded} webhook leave it: the
     * Stripe customer and the payment method saved for off-session use.
     */
    public static void saveCard(String userId, String customerId, String paymentMethodId) {
        setAttributes(userId, Map.of("stripeCustomerId", s(customerId), "savedPaymentMethod", s(paymentMethodId)));
    }

    /**
     * Writes wallet attributes directly, as another Lambda instance would (e.g. a limit its snapshot cannot know): like
     * every write of the wallet item, it bumps the version.
     */
    public static void setAttributes(String userId, Map<String, AttributeValue> attributes) {
        // the wallet item as the application creates it, if this is the first write to it
        StringBuilder update = new StringBuilder("SET #owner = :owner, #type = :walletType, "
                + "balance = if_not_exists(balance, :zero), version = if_not_exists(version, :zero) + :one, "
                + "ledgerSeq = if_not_exists(ledgerSeq, if_not_exists(version, :zero))"
                + (attributes.containsKey("status") ? "" : ", #status = if_not_exists(#status, :active)"));
        Map<String, String> names = new java.util.HashMap<>(Map.of("#owner", "owner", "#type", "type"));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":owner", s(userId), ":walletType", s("WALLET"),
                ":zero", n(0), ":one", n(1)));
        if (!attributes.containsKey("status")) {
            names.put("#status", "status");
            values.put(":active", s("ACTIVE"));
        }
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) {
            update.append(", #a").append(i).append(" = :v").append(i);
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, e.getValue());
            i++;
        }
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            client.updateItem(UpdateItemRequest.builder().tableName(DynamoDbLocalResource.TABLE)
                    .key(Map.of("pk", s("WALLET#" + userId), "sk", s("WALLET")))
                    .updateExpression(update.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
        }
    }

    /** Sets the wallet's status directly in the table (the way a dispute freezes it). */
    public static void setStatus(String userId, String status) {
        setAttributes(userId, Map.of("status", s(status)));
    }
}

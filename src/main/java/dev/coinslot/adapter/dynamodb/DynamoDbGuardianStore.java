package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.GuardianStore;
import dev.coinslot.config.CoinslotConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link GuardianStore} on the wallet table: invitation items {@code INVITE#{sha256(code)}} and the guardian attributes
 * of the wallet item, changed together in one transaction.
 */
@ApplicationScoped
public class DynamoDbGuardianStore implements GuardianStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbGuardianStore(DynamoDbClient dynamo, CoinslotConfig config) {
        this.dynamo = dynamo;
        this.table = config.tableName();
    }

    @Override
    public InviteWrite createInvite(String childId, String codeHash, Instant createdAt, Instant expiresAt) {
        Map<String, AttributeValue> invite = new HashMap<>(Attr.key(WalletTable.INVITE_PREFIX + codeHash, WalletTable.INVITE_SK));
        invite.put("type", s("INVITE"));
        invite.put("owner", s(childId));
        invite.put("createdAt", s(createdAt.toString()));
        invite.put(WalletTable.TTL, n(expiresAt.getEpochSecond()));
        TxItems tx = new TxItems().add(Role.INVITE, TransactWriteItem.builder().put(Put.builder().tableName(table).item(invite)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        // the guards of these guardian writes answer "already linked" / "not linked" in the one request, no read needed
        tx.add(Role.WALLET, WalletItemWrite.bump(table, childId).set(WalletAttrs.PENDING_INVITE, s(codeHash))
                .guard("attribute_not_exists(" + WalletAttrs.GUARDIAN_ID + ")", Map.of()).item());
        try {
            tx.commit(dynamo);
            return new InviteWrite.Created();
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.WALLET)) {
                return new InviteWrite.GuardianAlreadyLinked();
            }
            throw new IllegalStateException("invitation not written: " + e.cancellationReasons(), e);
        }
    }

    @Override
    public LinkWrite accept(String codeHash, String guardianId, Instant now) {
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Optional<Map<String, AttributeValue>> invite = DynamoErrors.getItem(dynamo, table,
                    WalletTable.INVITE_PREFIX + codeHash, WalletTable.INVITE_SK);
            if (invite.isEmpty()) {
                return new LinkWrite.NoSuchInvite();
            }
            String childId = Attr.str(invite.get(), "owner");
            Optional<String> consumedBy = Attr.optStr(invite.get(), "consumedBy");
            if (consumedBy.isPresent()) {
                return consumedBy.get().equals(guardianId) ? linkedAgain(childId, guardianId) : new LinkWrite.NoSuchInvite();
            }
            if (Attr.num(invite.get(), WalletTable.TTL) <= now.getEpochSecond()) {
                return new LinkWrite.NoSuchInvite();
            }
            if (childId.equals(guardianId)) {
                return new LinkWrite.OwnInvite();
            }
            TxItems tx = new TxItems().add(Role.INVITE, consume(codeHash, guardianId, now))
                    .add(Role.WALLET, link(childId, codeHash, guardianId, now));
            try {
                tx.commit(dynamo);
                return new LinkWrite.Linked(childId, now, false);
            } catch (TransactionCanceledException e) {
                if (tx.failed(e, Role.WALLET)) {
                    // Replaced by a newer invitation, or a guardian was linked meanwhile.
                    return new LinkWrite.NoSuchInvite();
                }
                if (!tx.failed(e, Role.INVITE) && !TxItems.conflicted(e)) {
                    throw new IllegalStateException("invitation not accepted: " + e.cancellationReasons(), e);
                }
                // Another acceptance of the same code is racing this one: re-read and answer from what it left.
                retry.backOff();
            }
        }
        throw new IllegalStateException("invitation not accepted: every attempt lost a race");
    }

    /** The caller consumed this invitation earlier: same answer if they are still the wallet's guardian. */
    private LinkWrite linkedAgain(String childId, String guardianId) {
        Optional<Map<String, AttributeValue>> wallet = DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(childId),
                WalletTable.WALLET_SK);
        Optional<String> linked = wallet.flatMap(w -> Attr.optStr(w, WalletAttrs.GUARDIAN_ID));
        if (linked.isPresent() && linked.get().equals(guardianId)) {
            Instant since = wallet.flatMap(w -> Attr.optStr(w, WalletAttrs.GUARDIAN_SINCE)).map(Instant::parse).orElseThrow();
            return new LinkWrite.Linked(childId, since, true);
        }
        return new LinkWrite.NoSuchInvite();
    }

    private TransactWriteItem consume(String codeHash, String guardianId, Instant now) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Attr.key(WalletTable.INVITE_PREFIX + codeHash, WalletTable.INVITE_SK))
                .updateExpression("SET consumedBy = :g, consumedAt = :at")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(consumedBy) AND #ttl > :now")
                .expressionAttributeNames(Map.of("#ttl", WalletTable.TTL))
                .expressionAttributeValues(Map.of(":g", s(guardianId), ":at", s(now.toString()), ":now", n(now.getEpochSecond())))
                .build()).build();
    }

    private TransactWriteItem link(String childId, String codeHash, String guardianId, Instant now) {
        return WalletItemWrite.bump(table, childId).set(WalletAttrs.GUARDIAN_ID, s(guardianId))
                .set(WalletAttrs.GUARDIAN_SINCE, s(now.toString())).remove(WalletAttrs.PENDING_INVITE).remove(WalletAttrs.UNLINKED_BY)
                .guard(WalletAttrs.PENDING_INVITE + " = :hash AND attribute_not_exists(" + WalletAttrs.GUARDIAN_ID + ")",
                        Map.of(":hash", s(codeHash))).item();
    }

    @Override
    public UnlinkWrite unlink(String childId, String guardianId, Instant now) {
        try {
            DynamoErrors.call(() -> dynamo.updateItem(WalletItemWrite.bump(table, childId).set(WalletAttrs.UNLINKED_BY, s(guardianId))
                    .set(WalletAttrs.LIMITS_BY, s(WalletAttrs.BY_OWNER)).remove(WalletAttrs.GUARDIAN_ID).remove(WalletAttrs.GUARDIAN_SINCE)
                    .guard(WalletAttrs.GUARDIAN_ID + " = :g OR (attribute_not_exists(" + WalletAttrs.GUARDIAN_ID
                            + ") AND " + WalletAttrs.UNLINKED_BY + " = :g)", Map.of(":g", s(guardianId))).request()));
            return new UnlinkWrite.Unlinked();
        } catch (ConditionalCheckFailedException e) {
            return new UnlinkWrite.NotLinked();
        }
    }
}

package dev.coinslot.adapter.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The items of one TransactWriteItems, each named by its role, so a cancellation is read by role, not by position. Only
 * {@link Role#ENTITLEMENT} may occur more than once (a bundle grants several items).
 */
final class TxItems {

    /**
     * {@code LEDGER}: a change's own ledger entry; {@code EXPIRY}: the entry of promotional credits that lapsed before
     * it; {@code PURCHASE}: a purchase's ledger entry, which is also the purchase record; {@code SCHEDULE}: an
     * unconditional expiry-schedule put (it never fails a condition); {@code CATALOG}, {@code CATALOG_CHANGE}: the
     * storefront's catalog document and its change record; {@code ENTITLEMENT}: one granted item; {@code REFUND_LOG}: a
     * self-service refund's log entry; {@code REWARD}: a loyalty reward's record; {@code TAKEBACK}: the entry of a
     * loyalty reward a refund takes back; {@code CONVERSION}: an experiment-priced purchase's exposure item. Only
     * SCHEDULE, ENTITLEMENT and TAKEBACK may repeat.
     */
    enum Role { WALLET, IDEMPOTENCY, LEDGER, EXPIRY, PURCHASE, TOPUP, PAYMENT, EVENT, INVITE, SCHEDULE, CATALOG,
        CATALOG_CHANGE, ENTITLEMENT, REFUND_LOG, REWARD, TAKEBACK, CONVERSION }

    private final List<Role> roles = new ArrayList<>();
    private final List<TransactWriteItem> items = new ArrayList<>();

    TxItems add(Role role, TransactWriteItem item) {
        if (roles.contains(role) && role != Role.SCHEDULE && role != Role.ENTITLEMENT && role != Role.TAKEBACK) {
            throw new IllegalArgumentException("two items with role " + role);
        }
        roles.add(role);
        items.add(item);
        return this;
    }

    void commit(DynamoDbClient dynamo) {
        DynamoErrors.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
    }

    /** Whether the item of {@code role} failed its condition. */
    boolean failed(TransactionCanceledException e, Role role) {
        int index = roles.indexOf(role);
        List<CancellationReason> reasons = e.cancellationReasons();
        return index >= 0 && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** The stored item of {@code role} as it was when its condition failed (ALL_OLD), if DynamoDB returned it. */
    Optional<Map<String, AttributeValue>> old(TransactionCanceledException e, Role role) {
        CancellationReason reason = e.cancellationReasons().get(roles.indexOf(role));
        return reason.hasItem() && !reason.item().isEmpty() ? Optional.of(reason.item()) : Optional.empty();
    }

    /** The stored items (ALL_OLD) of every item of {@code role} that failed its condition; empty old items are skipped. */
    List<Map<String, AttributeValue>> failedOld(TransactionCanceledException e, Role role) {
        List<Map<String, AttributeValue>> failed = new ArrayList<>();
        List<CancellationReason> reasons = e.cancellationReasons();
        for (int i = 0; i < roles.size() && i < reasons.size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (roles.get(i) == role && "ConditionalCheckFailed".equals(reason.code()) && reason.hasItem()
                    && !reason.item().isEmpty()) {
                failed.add(reason.item());
            }
        }
        return failed;
    }

    /** Whether any item of {@code role} failed its condition. */
    boolean anyFailed(TransactionCanceledException e, Role role) {
        List<CancellationReason> reasons = e.cancellationReasons();
        for (int i = 0; i < roles.size() && i < reasons.size(); i++) {
            if (roles.get(i) == role && "ConditionalCheckFailed".equals(reasons.get(i).code())) {
                return true;
            }
        }
        return false;
    }

    static boolean conflicted(TransactionCanceledException e) {
        return e.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }
}

package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.num;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Top-up item mapping, shared by the top-up API's store and the webhook's crediting transaction. */
final class TopUpItems {

    private TopUpItems() {
    }

    /** Set on an auto top-up whose declined charge gave this amount (minor units) back to the monthly cap. */
    static final String CAP_RELEASED = "capReleasedMinor";

    static Map<String, AttributeValue> topUpKey(String ownerId, String topUpId) {
        return Attr.key(WalletTable.walletPk(ownerId), WalletTable.TOPUP_PREFIX + topUpId);
    }

    /**
     * Creates the top-up as PENDING, or fills in only what is missing: an existing status (e.g. SUCCEEDED written by an
     * early webhook) is never overwritten.
     */
    static Update upsertPending(String table, TopUp t) {
        return Update.builder()
                .tableName(table)
                .key(topUpKey(t.ownerId(), t.id()))
                .updateExpression(FILL_FIELDS + ", #status = if_not_exists(#status, :pending)")
                .expressionAttributeNames(Map.of("#type", "type", "#owner", "owner", "#status", "status"))
                .expressionAttributeValues(values(t, Map.of(":pending", s(TopUpStatus.PENDING.name()))))
                .build();
    }

    /** Writes every descriptive field the item lacks (from the payment's metadata), keeping what is there. */
    static final String FILL_FIELDS = "SET #type = :type, #owner = :owner, topupId = :id, packId = if_not_exists(packId, :pack), "
            + "amountMinor = if_not_exists(amountMinor, :amount), currency = if_not_exists(currency, :currency), "
            + "baseCredits = if_not_exists(baseCredits, :base), bonusCredits = if_not_exists(bonusCredits, :bonus), "
            + "paymentIntentId = :pi, createdAt = if_not_exists(createdAt, :created)";

    /** The complete item of a top-up, as a put writes it. */
    static Map<String, AttributeValue> newItem(TopUp t) {
        Map<String, AttributeValue> item = new HashMap<>(topUpKey(t.ownerId(), t.id()));
        values(t, Map.of(":status", s(t.status().name()))).forEach((placeholder, value) -> item.put(switch (placeholder) {
            case ":id" -> "topupId";
            case ":pack" -> "packId";
            case ":amount" -> "amountMinor";
            case ":base" -> "baseCredits";
            case ":bonus" -> "bonusCredits";
            case ":pi" -> "paymentIntentId";
            case ":created" -> "createdAt";
            default -> placeholder.substring(1);
        }, value));
        return item;
    }

    static Map<String, AttributeValue> values(TopUp t, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> v = new HashMap<>(extra);
        v.put(":type", s("TOPUP"));
        v.put(":owner", s(t.ownerId()));
        v.put(":id", s(t.id()));
        v.put(":pack", s(t.packId()));
        v.put(":amount", n(t.amount().amountMinor()));
        v.put(":currency", s(t.amount().currency()));
        v.put(":base", n(t.baseCredits().amount()));
        v.put(":bonus", n(t.bonusCredits().amount()));
        v.put(":pi", s(t.paymentIntentId()));
        v.put(":created", s(t.createdAt().toString()));
        return v;
    }

    static Map<String, AttributeValue> paymentLookup(String paymentIntentId, String ownerId, String topUpId) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.PAYMENT_PREFIX + paymentIntentId, WalletTable.PAYMENT_SK));
        item.put("type", s("PAYMENT"));
        item.put("owner", s(ownerId));
        item.put("topupId", s(topUpId));
        return item;
    }

    static TopUp topUp(Map<String, AttributeValue> item) {
        return new TopUp(str(item, "topupId"), str(item, "owner"), str(item, "packId"),
                Money.of(num(item, "amountMinor"), str(item, "currency")), Credits.of(num(item, "baseCredits")),
                Credits.of(num(item, "bonusCredits")), TopUpStatus.valueOf(str(item, "status")),
                str(item, "paymentIntentId"), Instant.parse(str(item, "createdAt")),
                Credits.of(item.containsKey("clawedBackCredits") ? num(item, "clawedBackCredits") : 0),
                closedDispute(item), item.containsKey(CAP_RELEASED));
    }

    /** {@code disputeOutcome} is {@code lost:<disputeId>} or {@code closed:<disputeId>} once a dispute was closed. */
    private static Optional<String> closedDispute(Map<String, AttributeValue> item) {
        if (!item.containsKey("disputeOutcome")) {
            return Optional.empty();
        }
        String outcome = str(item, "disputeOutcome");
        return Optional.of(outcome.substring(outcome.indexOf(':') + 1));
    }
}

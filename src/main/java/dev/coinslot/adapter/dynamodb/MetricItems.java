package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.num;
import static dev.coinslot.adapter.dynamodb.Attr.optNum;
import static dev.coinslot.adapter.dynamodb.Attr.optStr;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.metrics.MetricFact;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which table items are metric facts, read the same way from a stream record's images and from a scanned item:
 * <ul>
 * <li>a purchase: its ledger entry (type {@code PURCHASE} with a {@code purchaseId}, since wallet v2) or its
 * {@code PURCHASE#} item (before): {@link MetricFact.Purchased} (one fact id per purchase);</li>
 * <li>a top-up item that has just been credited (the new image has {@code creditedAt}, the old one had not, or there
 * is no old image): {@link MetricFact.ToppedUp} (a scanned credited top-up counts once);</li>
 * <li>a ledger entry of type {@code REFUND_CLAWBACK} or {@code DISPUTE_CLAWBACK}: {@link MetricFact.ClawedBack};</li>
 * <li>a ledger entry of type {@code PURCHASE_REFUND} (a self-service refund, with {@code refundOf} and the refunded
 * purchase's {@code refundSku}, {@code refundQuantity}, {@code refundTotal}): {@link MetricFact.PurchaseRefunded}.</li>
 * </ul>
 * Anything else (wallets, idempotency records, markers, the metric items themselves) is no fact.
 */
public final class MetricItems {

    /** The item types that can be facts (the event source mapping's filter passes only these). */
    public static final List<String> FACT_TYPES = List.of("PURCHASE", "TOPUP", "LEDGER");

    private MetricItems() {
    }

    /** The fact a scanned item (or an inserted one) stands for. */
    public static Optional<MetricFact> fact(Map<String, AttributeValue> item) {
        return fact(item, null);
    }

    /**
     * The fact a change from {@code oldImage} (null for an insert) to {@code newImage} stands for.
     *
     * @throws RuntimeException if the item has the type of a fact but not its attributes (a poison record)
     */
    public static Optional<MetricFact> fact(Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        String type = optStr(newImage, "type").orElse("");
        return switch (type) {
            case "PURCHASE" -> Optional.of(purchased(newImage));
            case "TOPUP" -> credited(newImage, oldImage);
            case "LEDGER" -> "PURCHASE".equals(str(newImage, "entryType"))
                    // since wallet v2 a purchase's ledger entry is its record; an older entry has a PURCHASE# item
                    ? optStr(newImage, "purchaseId").map(id -> purchased(newImage))
                    : "PURCHASE_REFUND".equals(str(newImage, "entryType")) ? Optional.of(refunded(newImage))
                    : clawedBack(newImage);
            default -> Optional.empty();
        };
    }

    /** A purchase record: a {@code PURCHASE#} item (before wallet v2) or a purchase's ledger entry (since). */
    private static MetricFact purchased(Map<String, AttributeValue> item) {
        return new MetricFact.Purchased(str(item, "purchaseId"), str(item, "owner"), str(item, "sku"),
                Math.toIntExact(num(item, "quantity")), Credits.of(num(item, "total")), Instant.parse(str(item, "at")));
    }

    private static MetricFact refunded(Map<String, AttributeValue> entry) {
        return new MetricFact.PurchaseRefunded(str(entry, "refundOf"), str(entry, "owner"), str(entry, "refundSku"),
                Math.toIntExact(num(entry, "refundQuantity")), Credits.of(num(entry, "refundTotal")),
                Instant.parse(str(entry, "at")));
    }

    private static Optional<MetricFact> credited(Map<String, AttributeValue> now, Map<String, AttributeValue> before) {
        Optional<String> creditedAt = optStr(now, "creditedAt");
        if (creditedAt.isEmpty() || (before != null && optStr(before, "creditedAt").isPresent())) {
            return Optional.empty();
        }
        long credits = optNum(now, "creditedCredits").orElseGet(() -> num(now, "baseCredits") + num(now, "bonusCredits"));
        return Optional.of(new MetricFact.ToppedUp(str(now, "topupId"), str(now, "owner"),
                Money.of(num(now, "amountMinor"), str(now, "currency")), Credits.of(credits),
                Instant.parse(creditedAt.get())));
    }

    private static Optional<MetricFact> clawedBack(Map<String, AttributeValue> item) {
        LedgerEntryType type = LedgerEntryType.valueOf(str(item, "entryType"));
        MetricFact.Reason reason = switch (type) {
            case REFUND_CLAWBACK -> MetricFact.Reason.REFUND;
            case DISPUTE_CLAWBACK -> MetricFact.Reason.DISPUTE;
            default -> null;
        };
        if (reason == null) {
            return Optional.empty();
        }
        return Optional.of(new MetricFact.ClawedBack(str(item, "owner"), num(item, "seq"), reason,
                Credits.of(-num(item, "amount")), Instant.parse(str(item, "at"))));
    }
}

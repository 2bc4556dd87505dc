package dev.coinslot.domain.metrics;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One business fact the metrics count, read from a table item (a stream image or a scanned item). Each has a stable
 * {@link #factId()} taken from its source item, so counting it is idempotent: a redelivered stream record yields the
 * same id and is counted once. Facts fall on the UTC day of {@link #at()}.
 */
public sealed interface MetricFact permits MetricFact.Purchased, MetricFact.ToppedUp, MetricFact.ClawedBack,
        MetricFact.PurchaseRefunded {

    /** Stable identity of the fact, e.g. {@code purchase:pur_…}; the exactly-once key. */
    String factId();

    String userId();

    Instant at();

    /** The UTC day the fact counts on. */
    default LocalDate day() {
        return LocalDate.ofInstant(at(), ZoneOffset.UTC);
    }

    /** A purchase item was written: {@code credits} = unit price × quantity, spent from the wallet. */
    record Purchased(String purchaseId, String userId, String sku, int quantity, Credits credits, Instant at)
            implements MetricFact {
        public Purchased {
            requireText(purchaseId, "purchaseId");
            requireText(userId, "userId");
            requireText(sku, "sku");
            Objects.requireNonNull(at, "at");
            if (quantity < 1 || credits.isNegative()) {
                throw new IllegalArgumentException("purchase needs quantity >= 1 and credits >= 0");
            }
        }

        @Override
        public String factId() {
            return "purchase:" + purchaseId;
        }
    }

    /** A top-up was credited (its payment succeeded): {@code amount} is the money paid, {@code credits} received. */
    record ToppedUp(String topUpId, String userId, Money amount, Credits credits, Instant at) implements MetricFact {
        public ToppedUp {
            requireText(topUpId, "topUpId");
            requireText(userId, "userId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(at, "at");
            if (credits.isNegative()) {
                throw new IllegalArgumentException("top-up credits must be >= 0");
            }
        }

        @Override
        public String factId() {
            return "topup:" + topUpId;
        }
    }

    /** Credits taken back by a refund or a lost dispute (one ledger entry); {@code credits} is positive. */
    record ClawedBack(String userId, long ledgerSequence, Reason reason, Credits credits, Instant at)
            implements MetricFact {
        public ClawedBack {
            requireText(userId, "userId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
            if (ledgerSequence < 1 || credits.isNegative()) {
                throw new IllegalArgumentException("clawback needs a ledger sequence >= 1 and credits >= 0");
            }
        }

        @Override
        public String factId() {
            return "ledger:" + userId + ":" + ledgerSequence;
        }
    }

    /**
     * A purchase was refunded to the buyer (self-service refund): {@code credits} is the purchase's total, the spend it
     * takes back from the metrics (whether or not every credit could be returned to its lot).
     */
    record PurchaseRefunded(String purchaseId, String userId, String sku, int quantity, Credits credits, Instant at)
            implements MetricFact {
        public PurchaseRefunded {
            requireText(purchaseId, "purchaseId");
            requireText(userId, "userId");
            requireText(sku, "sku");
            Objects.requireNonNull(at, "at");
            if (quantity < 1 || credits.isNegative()) {
                throw new IllegalArgumentException("refunded purchase needs quantity >= 1 and credits >= 0");
            }
        }

        @Override
        public String factId() {
            return "refund:" + purchaseId;
        }
    }

    enum Reason {
        REFUND, DISPUTE
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}

package dev.coinslot.application.port;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import dev.coinslot.domain.ownership.PurchaseRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What users own and have bought: entitlement items (written with purchases by {@link WalletStore#commitPurchase}),
 * their consumption, the purchase history and refunds. Reads are strongly consistent. Infrastructure failures surface as
 * {@link StoreUnavailableException}; expected conflicts come back as values.
 */
public interface OwnershipStore {

    /** Every entitlement item of the user (active or not), in sku order: one query. */
    List<Entitlement> entitlements(String ownerId);

    /** The user's entitlement to {@code sku}, if one was ever written: one read. */
    Optional<Entitlement> entitlement(String ownerId, String sku);

    /**
     * Atomically: take {@code record.quantity()} from the consumable {@code record.sku()} (only if at least that much is
     * there) and store {@code record} (only if no live record exists for its key).
     */
    ConsumeWrite consume(ConsumeRecord record);

    Optional<ConsumeRecord> findConsumeRecord(String ownerId, String key);

    /** The user's purchases, newest first, starting after {@code afterPurchaseId} (or at the newest when empty). */
    PurchasePage purchases(String ownerId, int limit, Optional<String> afterPurchaseId);

    Optional<PurchaseRecord> purchase(String ownerId, String purchaseId);

    /** When the user's self-service refunds happened (as last stored) and the version of that record (0: none yet). */
    RefundLog refundLog(String ownerId);

    /**
     * Atomically: move the wallet from {@code change.before()} (pinned by its version) to {@code change.after()} and append
     * its entries (the refund's entry carrying {@code reversed}, the purchase's recognised revenue negated), mark the
     * purchase refunded
     * (only if it still is not), apply {@code changes} (each under its condition), store {@code log} (only if the stored
     * log still has {@code log.version() - 1}) and {@code record} (only if no live record exists for its key).
     */
    RefundWrite commitRefund(WalletChange change, List<Money> reversed, PurchaseRecord refunded,
            List<EntitlementChange> changes, RefundLog log, RefundRecord record);

    Optional<RefundRecord> findRefundRecord(String ownerId, String key);

    /** A consumption stored under its idempotency key: {@code quantity} of {@code sku} used at {@code at}. */
    record ConsumeRecord(String ownerId, String key, String requestHash, String sku, long quantity, Instant at,
            Instant expiresAt) {
        public ConsumeRecord {
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sku, "sku");
            if (quantity < 1) {
                throw new IllegalArgumentException("consume at least 1");
            }
        }
    }

    /**
     * A refund stored under its idempotency key: purchase {@code purchaseId}'s {@code returned} credits went back,
     * {@code notReturned} could not (their lot expired), leaving the wallet at {@code balanceAfter}.
     */
    record RefundRecord(String ownerId, String key, String requestHash, String purchaseId, Credits returned,
            Credits notReturned, Credits takenBack, Credits balanceAfter, Instant refundedAt, Instant expiresAt) {
    }

    /** Times of the user's refunds in the last 30 days (as stored by the latest refund) and the log's version. */
    record RefundLog(List<Instant> times, long version) {
        public RefundLog {
            times = List.copyOf(times);
        }
    }

    record PurchasePage(List<PurchaseRecord> purchases, Optional<String> nextAfter) {
    }

    sealed interface ConsumeWrite {
        record Committed() implements ConsumeWrite {
        }

        record KeyExists(ConsumeRecord existing) implements ConsumeWrite {
        }

        /** Not enough (or not a consumable, or nothing at all: {@code current} empty); nothing was written. */
        record Refused(Optional<Entitlement> current) implements ConsumeWrite {
        }

        record Contention() implements ConsumeWrite {
        }
    }

    sealed interface RefundWrite {
        record Committed() implements RefundWrite {
        }

        record KeyExists(RefundRecord existing) implements RefundWrite {
        }

        /** The wallet, the purchase, an entitlement or the refund log changed since it was read; nothing was written. */
        record Changed() implements RefundWrite {
        }

        record Contention() implements RefundWrite {
        }
    }
}

package dev.coinslot.application.port;

import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import java.time.YearMonth;
import java.util.Optional;
import java.util.Set;

/**
 * Writes of webhook reconciliation. The guard against moving money twice is always a condition on the top-up's own
 * state inside the same transaction as the wallet change (status for crediting, the clawed-back total for refunds,
 * the open-dispute set for disputes); the processed-event marker only makes redeliveries cheap.
 */
public interface ReconciliationStore {

    boolean eventProcessed(String eventId);

    /** Remembers an event id (with a TTL of at least 35 days) after a no-op or ignored event. */
    void markEventProcessed(String eventId, String type);

    /** The wallet and the ids of its open disputes (strongly consistent). */
    Optional<WalletState> findWalletState(String ownerId);

    Optional<TopUp> findTopUp(String ownerId, String topUpId);

    /** Which user and top-up a card payment belongs to, if Coinslot recorded it. */
    Optional<PaymentRef> findPayment(String paymentIntentId);

    /**
     * Atomically: marks the top-up SUCCEEDED (creating it from {@code topUp} if absent) only if it was not credited
     * yet, applies {@code change} (its entries and lots) to the wallet at {@code change.before().version()}, stores the payment lookup and the event
     * marker; keeps {@code paymentMethod} (the card the payment saved) on the wallet, and ends any run of declined
     * auto top-ups (the wallet's consecutive-decline count becomes 0, with or without a payment method). The top-up's
     * {@link TopUp#capReleased()} must still be as read (a decline counted meanwhile fails the write as AlreadyApplied).
     * With {@code countInCap}, also adds the top-up's amount to the wallet's auto top-up spend of that month (only if its
     * auto top-up counters are still as in {@code change.before()}).
     */
    Write creditTopUp(WalletChange change, TopUp topUp, Optional<String> paymentMethod,
            Optional<YearMonth> countInCap, String eventId, String eventType);

    /** Marks the top-up FAILED (creating it if absent) unless it was already credited. Returns whether it changed. */
    boolean markTopUpFailed(TopUp topUp, String eventId, String eventType);

    /**
     * Atomically: applies {@code change} to the wallet {@code expected} (which may take it below zero), sets the top-up's clawed-back total
     * to {@code newClawedBack} only if it is still {@code topUp.clawedBack()}, sets its status, and stores the marker.
     * When {@code closeDisputeId} is present, also removes that open dispute (condition: still open) and unfreezes the
     * wallet if it was the last.
     */
    Write clawBack(WalletState expected, WalletChange change, TopUp topUp, long newClawedBack, TopUpStatus newStatus,
            Optional<String> closeDisputeId, String eventId, String eventType);

    /** Freezes the wallet and records the open dispute (idempotent: a dispute already open changes nothing). */
    Write openDispute(String ownerId, String topUpId, String disputeId, String eventId, String eventType);

    /** Removes an open dispute (no money moves) and unfreezes the wallet if it was the last; sets the top-up status. */
    Write closeDispute(WalletState expected, TopUp topUp, String disputeId, TopUpStatus newStatus, String eventId,
            String eventType);

    /** A wallet with its open dispute ids. */
    record WalletState(Wallet wallet, Set<String> openDisputes) {
    }

    record PaymentRef(String ownerId, String topUpId) {
    }

    /** Result of a reconciliation write. */
    sealed interface Write {
        record Committed() implements Write {
        }

        /** The top-up or dispute guard failed: this change was already applied. Nothing was written. */
        record AlreadyApplied() implements Write {
        }

        /** The wallet moved on (version or dispute set) since it was read. Nothing was written; re-read and retry. */
        record WalletChanged() implements Write {
        }

        record Contention() implements Write {
        }
    }
}

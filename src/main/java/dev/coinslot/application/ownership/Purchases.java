package dev.coinslot.application.ownership;

import dev.coinslot.application.Ids;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.OwnershipStore;
import dev.coinslot.application.port.OwnershipStore.PurchasePage;
import dev.coinslot.application.loyalty.PurchaseLoyalty;
import dev.coinslot.application.port.OwnershipStore.RefundLog;
import dev.coinslot.application.port.OwnershipStore.RefundRecord;
import dev.coinslot.application.port.OwnershipStore.RefundWrite;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.PromoExpiry;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.Ownership;
import dev.coinslot.domain.ownership.Ownership.RefundAllowance;
import dev.coinslot.domain.ownership.Ownership.RefundCheck;
import dev.coinslot.domain.ownership.PurchaseRecord;
import dev.coinslot.domain.ownership.PurchaseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A user's purchase history and self-service refunds. A refund returns the credits ({@link RefundCredit}), appends the
 * ledger entry, marks the purchase refunded, takes back what it granted and counts towards the 30-day limit, all in
 * one transaction conditioned on what the decision read; a lost race re-reads and decides again.
 */
@ApplicationScoped
public class Purchases {

    private static final Logger LOG = Logger.getLogger(Purchases.class);

    private final OwnershipStore store;
    private final WalletStore wallets;
    private final Clock clock;
    private final ServiceSettings settings;
    private final RefundSettings refunds;
    private final PromoExpiry expiry;
    private final PurchaseLoyalty loyalty;

    public Purchases(OwnershipStore store, WalletStore wallets, Clock clock, ServiceSettings settings, RefundSettings refunds,
            PromoExpiry expiry, PurchaseLoyalty loyalty) {
        this.expiry = expiry;
        this.loyalty = loyalty;
        this.store = store;
        this.wallets = wallets;
        this.clock = clock;
        this.settings = settings;
        this.refunds = refunds;
    }

    public RefundSettings refundSettings() {
        return refunds;
    }

    /** Newest first, {@code limit} per page, after purchase {@code after} when given. */
    public PurchasePage history(String ownerId, int limit, Optional<String> after) {
        return store.purchases(ownerId, limit, after);
    }

    /** Every expected result of a refund request. */
    public sealed interface RefundOutcome {
        record Refunded(RefundRecord refund, boolean replayed) implements RefundOutcome {
        }

        record PurchaseNotFound(String purchaseId) implements RefundOutcome {
        }

        record AlreadyRefunded(String purchaseId) implements RefundOutcome {
        }

        record WindowClosed(String purchaseId, Instant endedAt) implements RefundOutcome {
        }

        record AlreadyUsed(String purchaseId, String sku) implements RefundOutcome {
        }

        record LimitReached(int max, Instant resetsAt) implements RefundOutcome {
        }

        record IdempotencyKeyReused() implements RefundOutcome {
        }

        record Contended() implements RefundOutcome {
        }
    }

    public RefundOutcome refund(String ownerId, String key, String purchaseId) {
        String hash = Ids.sha256("refund\n" + purchaseId);
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Instant now = clock.instant();
            Optional<PurchaseRecord> found = store.purchase(ownerId, purchaseId);
            if (found.isEmpty()) {
                return replayOr(ownerId, key, hash, new RefundOutcome.PurchaseNotFound(purchaseId));
            }
            Map<String, Entitlement> held = found.get().purchase().grants().isEmpty() ? Map.of()
                    : store.entitlements(ownerId).stream().collect(Collectors.toMap(Entitlement::sku, Function.identity()));
            RefundCheck check = Ownership.refund(found.get(), held, now, refunds.window());
            RefundCheck.Refundable refundable;
            switch (check) {
                case RefundCheck.Refundable r -> refundable = r;
                case RefundCheck.AlreadyRefunded r -> {
                    return replayOr(ownerId, key, hash, new RefundOutcome.AlreadyRefunded(purchaseId));
                }
                case RefundCheck.WindowClosed w -> {
                    return replayOr(ownerId, key, hash, new RefundOutcome.WindowClosed(purchaseId, w.endedAt()));
                }
                case RefundCheck.AlreadyUsed u -> {
                    return replayOr(ownerId, key, hash, new RefundOutcome.AlreadyUsed(purchaseId, u.sku()));
                }
            }
            RefundLog log = store.refundLog(ownerId);
            RefundLog after;
            switch (Ownership.allowRefund(log.times(), refunds.maxPer30Days(), now)) {
                case RefundAllowance.LimitReached limit -> {
                    return replayOr(ownerId, key, hash, new RefundOutcome.LimitReached(limit.max(), limit.resetsAt()));
                }
                case RefundAllowance.Allowed allowed -> after = new RefundLog(allowed.countedAfter(), log.version() + 1);
            }
            Wallet wallet = wallets.findWallet(ownerId).orElseGet(() -> Wallet.empty(ownerId));
            RefundCredit.Credit returning = RefundCredit.of(wallet, found.get().purchase(), expiry, now);
            RefundCredit.Credit credit = returning.then(change -> loyalty.takeBack(change, found.get().purchase()));
            // the loyalty rewards the purchase earned and the refund takes back (cashback, a completed card's reward)
            Credits takenBack = returning.change().after().balance().minus(credit.change().after().balance());
            PurchaseRecord refunded = new PurchaseRecord(found.get().purchase(), PurchaseStatus.REFUNDED, Optional.of(now));
            RefundRecord record = new RefundRecord(ownerId, key, hash, purchaseId, credit.returned(), credit.notReturned(),
                    takenBack, credit.change().after().balance(), now, now.plus(settings.idempotencyTtl()));
            switch (store.commitRefund(credit.change(), credit.reversed(), refunded, refundable.changes(), after, record)) {
                case RefundWrite.Committed c -> {
                    LOG.infof("refund wallet=%s purchase=%s credits=%d takenBack=%d outcome=refunded attempts=%d", ownerId,
                            purchaseId, credit.returned().amount(), takenBack.amount(), retry.attempt());
                    return new RefundOutcome.Refunded(record, false);
                }
                case RefundWrite.KeyExists k -> {
                    return replay(hash, k.existing());
                }
                case RefundWrite.Changed c -> retry.backOff();
                case RefundWrite.Contention c -> retry.backOff();
            }
        }
        LOG.warnf("refund wallet=%s purchase=%s outcome=contended", ownerId, purchaseId);
        return new RefundOutcome.Contended();
    }

    private RefundOutcome replayOr(String ownerId, String key, String hash, RefundOutcome refusal) {
        return store.findRefundRecord(ownerId, key).map(existing -> replay(hash, existing)).orElse(refusal);
    }

    private static RefundOutcome replay(String hash, RefundRecord existing) {
        return existing.requestHash().equals(hash) ? new RefundOutcome.Refunded(existing, true)
                : new RefundOutcome.IdempotencyKeyReused();
    }

}

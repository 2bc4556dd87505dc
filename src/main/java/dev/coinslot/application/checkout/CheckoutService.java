package dev.coinslot.application.checkout;

import dev.coinslot.application.Ids;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.application.wallet.WalletSnapshots;
import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One-tap checkout: prices from the server catalog, debits the wallet, appends the ledger entry and records the
 * purchase and the idempotency key, all in one conditional write that also enforces the spending limits. With a
 * remembered wallet snapshot the happy path is that single write; a stale snapshot costs one rejected write that
 * returns the current wallet. A short balance with auto top-up on goes to {@link AutoTopUpCheckout} first.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);

    private final Catalog catalog;
    private final CreditPacks packs;
    private final WalletStore store;
    private final WalletSnapshots snapshots;
    private final AutoTopUpCheckout autoTopUps;
    private final Clock clock;
    private final ServiceSettings settings;
    private final Ids ids;

    public CheckoutService(Catalog catalog, CreditPacks packs, WalletStore store, WalletSnapshots snapshots,
            AutoTopUpCheckout autoTopUps, Clock clock, ServiceSettings settings, Ids ids) {
        this.catalog = catalog;
        this.packs = packs;
        this.store = store;
        this.snapshots = snapshots;
        this.autoTopUps = autoTopUps;
        this.clock = clock;
        this.settings = settings;
        this.ids = ids;
    }

    public CheckoutOutcome checkout(CheckoutCommand command) {
        Optional<Sku> found = catalog.find(command.skuId());
        if (found.isEmpty()) {
            return replayOr(command, new CheckoutOutcome.UnknownSku(command.skuId()));
        }
        Sku sku = found.get();
        Credits total = sku.price().times(command.quantity());
        if (total.amount() != command.expectedTotalCredits()) {
            return replayOr(command, new CheckoutOutcome.PriceChanged(sku.id(), sku.price(), total,
                    Credits.of(command.expectedTotalCredits())));
        }
        Optional<Wallet> remembered = snapshots.get(command.ownerId());
        Wallet wallet = remembered.orElseGet(() -> readWallet(command.ownerId()));
        return purchase(command, sku, total, wallet, remembered.isEmpty(), Optional.empty());
    }

    /**
     * The purchase loop. Refusals decided on a remembered (possibly stale) snapshot are re-checked on a fresh read
     * first. {@code paidBy} is an auto top-up already credited for this checkout: it rides along in the answer.
     */
    private CheckoutOutcome purchase(CheckoutCommand command, Sku sku, Credits total, Wallet start, boolean startFresh,
            Optional<AutoCharge> paidBy) {
        Wallet wallet = start;
        boolean fresh = startFresh;
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Wallet.SpendCheck check = wallet.checkSpend(total, today);
            if (!(check instanceof Wallet.SpendCheck.Allowed) && !fresh) {
                wallet = readWallet(command.ownerId());
                fresh = true;
                continue;
            }
            switch (check) {
                case Wallet.SpendCheck.Frozen frozen -> {
                    return replayOr(command, new CheckoutOutcome.WalletFrozen());
                }
                case Wallet.SpendCheck.OverLimit over -> {
                    return replayOr(command, new CheckoutOutcome.OverLimit(over.which(), over.limit(), over.spentSoFar(),
                            total, over.resetsAt()));
                }
                case Wallet.SpendCheck.Short s -> {
                    if (paidBy.isEmpty() && wallet.activeAutoTopUp().isPresent()) {
                        Optional<CheckoutIdempotency> earlier = store.findCheckoutIdempotency(command.ownerId(),
                                command.idempotencyKey());
                        if (earlier.isPresent()) {
                            return replay(command, earlier.get());
                        }
                        switch (autoTopUps.cover(command, wallet, s.shortfall())) {
                            case AutoTopUpCheckout.Result.Refused refused -> {
                                return refused.outcome();
                            }
                            case AutoTopUpCheckout.Result.Credited credited -> {
                                return purchase(command, sku, total, readWallet(command.ownerId()), true,
                                        Optional.of(credited.charge()));
                            }
                            case AutoTopUpCheckout.Result.NotCovered notCovered -> {
                                // answered below, like any short balance
                            }
                        }
                    }
                    return replayOr(command, new CheckoutOutcome.InsufficientCredits(wallet.balance(), total,
                            s.shortfall(), packs.smallestCovering(s.shortfall())));
                }
                case Wallet.SpendCheck.Allowed allowed -> {
                    String purchaseId = ids.purchaseId();
                    LedgerEntry entry = LedgerEntry.next(wallet, LedgerEntryType.PURCHASE, total.negate(),
                            "purchase:" + purchaseId, now);
                    Purchase purchase = new Purchase(purchaseId, command.ownerId(), sku.id(), command.quantity(),
                            sku.price(), total, entry.balanceAfter(), now);
                    CheckoutIdempotency record = new CheckoutIdempotency(command.ownerId(), command.idempotencyKey(),
                            command.requestHash(), purchase, paidBy, now.plus(settings.idempotencyTtl()));
                    switch (store.commitPurchase(wallet, entry, purchase, record)) {
                        case PurchaseWrite.Committed c -> {
                            snapshots.remember(wallet.purchase(total, today));
                            LOG.infof("checkout wallet=%s sku=%s quantity=%d priceCredits=%d outcome=purchased purchase=%s attempts=%d%s",
                                    command.ownerId(), sku.id(), command.quantity(), total.amount(), purchaseId, retry.attempt(),
                                    paidBy.map(p -> " autoTopUp=" + p.topUpId()).orElse(""));
                            return new CheckoutOutcome.Purchased(purchase, false, paidBy);
                        }
                        case PurchaseWrite.KeyExists k -> {
                            return replay(command, k.existing());
                        }
                        case PurchaseWrite.WalletChanged changed -> {
                            if (retry.backOff()) {
                                // at once, with the wallet the failed condition returned
                                wallet = changed.current().orElseGet(() -> Wallet.empty(command.ownerId()));
                                snapshots.remember(wallet);
                            } else {
                                wallet = readWallet(command.ownerId());
                            }
                            fresh = true;
                        }
                        case PurchaseWrite.Contention contention -> {
                            retry.backOff();
                            wallet = readWallet(command.ownerId());
                            fresh = true;
                        }
                    }
                }
            }
        }
        LOG.warnf("checkout wallet=%s sku=%s outcome=contended attempts=%d", command.ownerId(), sku.id(),
                OptimisticRetry.MAX_ATTEMPTS);
        return new CheckoutOutcome.Contended();
    }

    private Wallet readWallet(String ownerId) {
        Wallet wallet = store.findWallet(ownerId).orElseGet(() -> Wallet.empty(ownerId));
        snapshots.remember(wallet);
        return wallet;
    }

    /** Before refusing, honour an earlier identical request under the same key (its answer stands). */
    private CheckoutOutcome replayOr(CheckoutCommand command, CheckoutOutcome refusal) {
        return store.findCheckoutIdempotency(command.ownerId(), command.idempotencyKey())
                .map(existing -> replay(command, existing))
                .orElse(refusal);
    }

    private CheckoutOutcome replay(CheckoutCommand command, CheckoutIdempotency existing) {
        if (!existing.requestHash().equals(command.requestHash())) {
            LOG.infof("checkout wallet=%s outcome=idempotency-key-reuse", command.ownerId());
            return new CheckoutOutcome.IdempotencyKeyReused();
        }
        return new CheckoutOutcome.Purchased(existing.purchase(), true, existing.autoTopUp());
    }
}

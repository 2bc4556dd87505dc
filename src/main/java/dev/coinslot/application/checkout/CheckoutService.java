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
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.Ownership;
import dev.coinslot.domain.ownership.Ownership.Acquisition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One-tap checkout: prices from the server catalog, debits the wallet, appends the ledger entry and records the
 * purchase, what it grants (entitlements) and the idempotency key, all in one conditional write that also enforces the
 * spending limits and the ownership rules (a permanent unlock is not sold twice; a pass extends from its end). With a
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
        Order order = new Order(found.get(), found.get().price().times(command.quantity()),
                Ownership.grantsOf(catalog, found.get(), command.quantity()), new HashMap<>());
        if (order.total().amount() != command.expectedTotalCredits()) {
            return replayOr(command, new CheckoutOutcome.PriceChanged(order.sku().id(), order.sku().price(), order.total(),
                    Credits.of(command.expectedTotalCredits())));
        }
        if (Ownership.acquire(order.lines(), Map.of(), clock.instant()) instanceof Acquisition.NotStackable n) {
            return replayOr(command, new CheckoutOutcome.NotStackable(n.sku()));
        }
        Optional<Wallet> remembered = snapshots.get(command.ownerId());
        Wallet wallet = remembered.orElseGet(() -> readWallet(command.ownerId()));
        return switch (purchase(command, order, wallet, remembered.isEmpty(), Optional.empty())) {
            case Done done -> done.outcome();
            case Lacking lacking -> coverThenPurchase(command, order, lacking);
        };
    }

    /**
     * The SKU asked for, what the asked quantity of it costs and grants, and the buyer's entitlements learnt from writes
     * refused on them (assumed not held until then).
     */
    private record Order(Sku sku, Credits total, List<Ownership.GrantLine> lines, Map<String, Entitlement> known) {
    }

    /** Where one attempt at the purchase ended: decided ({@link Decided}), or to be tried again on {@code wallet}. */
    private sealed interface Attempt {
    }

    private record Again(Wallet wallet) implements Attempt {
    }

    /** Done with an answer, or lacking credits on {@code wallet}. */
    private sealed interface Decided extends Attempt {
    }

    private record Done(CheckoutOutcome outcome) implements Decided {
    }

    private record Lacking(Wallet wallet, Credits shortfall) implements Decided {
    }

    /**
     * The purchase, retried under the optimistic-retry policy. {@code fresh}: {@code start} was just read (a refusal
     * decided on a remembered, possibly stale snapshot is re-checked on a fresh read first). {@code paidBy} is an auto
     * top-up already credited for this checkout: it rides along in the answer.
     */
    private Decided purchase(CheckoutCommand command, Order order, Wallet start, boolean fresh, Optional<AutoCharge> paidBy) {
        Wallet wallet = start;
        boolean read = fresh;
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            switch (attempt(command, order, wallet, read, paidBy, retry)) {
                case Decided decided -> {
                    return decided;
                }
                case Again again -> {
                    // a wallet just read, or the one the failed write returned
                    wallet = again.wallet();
                    read = true;
                }
            }
        }
        LOG.warnf("checkout wallet=%s sku=%s outcome=contended attempts=%d", command.ownerId(), order.sku().id(),
                OptimisticRetry.MAX_ATTEMPTS);
        return new Done(new CheckoutOutcome.Contended());
    }

    private Attempt attempt(CheckoutCommand command, Order order, Wallet wallet, boolean fresh, Optional<AutoCharge> paidBy,
            OptimisticRetry retry) {
        Instant now = clock.instant();
        Wallet.SpendCheck check = wallet.checkSpend(order.total(), LocalDate.ofInstant(now, ZoneOffset.UTC));
        if (!(check instanceof Wallet.SpendCheck.Allowed) && !fresh) {
            return new Again(readWallet(command.ownerId()));
        }
        return switch (check) {
            case Wallet.SpendCheck.Frozen frozen -> new Done(replayOr(command, new CheckoutOutcome.WalletFrozen()));
            case Wallet.SpendCheck.OverLimit over -> new Done(replayOr(command, new CheckoutOutcome.OverLimit(
                    over.which(), over.limit(), over.spentSoFar(), order.total(), over.resetsAt())));
            case Wallet.SpendCheck.Short lacking -> new Lacking(wallet, lacking.shortfall());
            case Wallet.SpendCheck.Allowed allowed -> commit(command, order, wallet, now, paidBy, retry);
        };
    }

    /** The one conditional write: debit, ledger entry, purchase, entitlements and idempotency record. */
    private Attempt commit(CheckoutCommand command, Order order, Wallet wallet, Instant now, Optional<AutoCharge> paidBy,
            OptimisticRetry retry) {
        Acquisition.Acquire acquire;
        switch (Ownership.acquire(order.lines(), order.known(), now)) {
            case Acquisition.Acquire a -> acquire = a;
            case Acquisition.AlreadyOwned owned -> {
                LOG.infof("checkout wallet=%s sku=%s outcome=already-owned", command.ownerId(), owned.sku());
                return new Done(replayOr(command, new CheckoutOutcome.AlreadyOwned(owned.sku())));
            }
            case Acquisition.NotStackable n -> {
                return new Done(replayOr(command, new CheckoutOutcome.NotStackable(n.sku())));
            }
        }
        String purchaseId = ids.purchaseId(now);
        LedgerEntry entry = LedgerEntry.next(wallet, LedgerEntryType.PURCHASE, order.total().negate(), "purchase:" + purchaseId,
                now);
        Purchase purchase = new Purchase(purchaseId, command.ownerId(), order.sku().id(), command.quantity(),
                order.sku().price(), order.total(), entry.balanceAfter(), now, acquire.grants());
        CheckoutIdempotency record = new CheckoutIdempotency(command.ownerId(), command.idempotencyKey(),
                command.requestHash(), purchase, paidBy, now.plus(settings.idempotencyTtl()));
        return switch (store.commitPurchase(wallet, entry, purchase, record, acquire.changes())) {
            case PurchaseWrite.Committed c -> {
                snapshots.remember(wallet.purchase(order.total(), LocalDate.ofInstant(now, ZoneOffset.UTC)));
                LOG.infof("checkout wallet=%s sku=%s quantity=%d priceCredits=%d outcome=purchased purchase=%s attempts=%d%s",
                        command.ownerId(), order.sku().id(), command.quantity(), order.total().amount(), purchaseId,
                        retry.attempt(), paidBy.map(p -> " autoTopUp=" + p.topUpId()).orElse(""));
                yield new Done(new CheckoutOutcome.Purchased(purchase, false, paidBy));
            }
            case PurchaseWrite.KeyExists k -> new Done(replay(command, k.existing()));
            case PurchaseWrite.WalletChanged changed -> {
                if (!retry.backOff()) {
                    yield new Again(readWallet(command.ownerId()));
                }
                // at once, with the wallet the failed condition returned
                Wallet current = changed.current().orElseGet(() -> Wallet.empty(command.ownerId()));
                snapshots.remember(current);
                yield new Again(current);
            }
            case PurchaseWrite.Contention contention -> {
                retry.backOff();
                yield new Again(readWallet(command.ownerId()));
            }
            case PurchaseWrite.EntitlementChanged changed -> {
                // decide again on the stored entitlement (already owned, or the pass's real end); the wallet is unchanged
                order.known().put(changed.current().sku(), changed.current());
                yield new Again(wallet);
            }
        };
    }

    /**
     * A short balance: with auto top-up on, cover the shortfall from the saved card, then buy on the fresh wallet
     * (once: still short after that, it is insufficient credits like any other).
     */
    private CheckoutOutcome coverThenPurchase(CheckoutCommand command, Order order, Lacking lacking) {
        if (lacking.wallet().activeAutoTopUp().isEmpty()) {
            return insufficient(command, order, lacking);
        }
        Optional<CheckoutIdempotency> earlier = store.findCheckoutIdempotency(command.ownerId(), command.idempotencyKey());
        if (earlier.isPresent()) {
            return replay(command, earlier.get());
        }
        return switch (autoTopUps.cover(command, lacking.wallet(), lacking.shortfall())) {
            case AutoTopUpCheckout.Result.Refused refused -> refused.outcome();
            case AutoTopUpCheckout.Result.NotCovered notCovered -> insufficient(command, order, lacking);
            case AutoTopUpCheckout.Result.Credited credited -> switch (purchase(command, order,
                    readWallet(command.ownerId()), true, Optional.of(credited.charge()))) {
                case Done done -> done.outcome();
                case Lacking stillShort -> insufficient(command, order, stillShort);
            };
        };
    }

    private CheckoutOutcome insufficient(CheckoutCommand command, Order order, Lacking lacking) {
        return replayOr(command, new CheckoutOutcome.InsufficientCredits(lacking.wallet().balance(), order.total(),
                lacking.shortfall(), packs.smallestCovering(lacking.shortfall())));
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

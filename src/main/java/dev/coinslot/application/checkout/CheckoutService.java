package dev.coinslot.application.checkout;

import dev.coinslot.application.Ids;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.application.wallet.WalletSnapshots;
import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementType;
import dev.coinslot.domain.ownership.Granted;
import dev.coinslot.domain.ownership.Ownership;
import dev.coinslot.domain.ownership.Ownership.Acquisition;
import dev.coinslot.application.experiment.Experiments;
import dev.coinslot.application.loyalty.PurchaseLoyalty;
import dev.coinslot.application.store.CatalogSource;
import dev.coinslot.application.store.StoreSettings;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.Chance;
import dev.coinslot.domain.store.Offer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * One-tap checkout: prices from the server catalog, debits the wallet, appends the ledger entry and records the
 * purchase and the idempotency key, all in one conditional write that also enforces the spending limits. With a
 * remembered wallet snapshot the happy path is that single write; a stale snapshot costs one rejected write that
 * returns the current wallet. A short balance with auto top-up on goes to {@link AutoTopUpCheckout} first.
 * The price is the catalog document's for the buyer at commit time: an offer valid then, aimed at the buyer's segment and
 * within the buyer's per-user limit (counted on the wallet item the write pins), else the list price. A chance SKU's
 * outcomes are drawn before the write and stored with the purchase, so a replay answers the same outcome. What the
 * purchase grants (entitlements) is written in the same transaction, under the ownership rules' conditions: a permanent
 * unlock is not sold twice (nothing debited), a pass extends from its end.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);

    private final CatalogSource catalogs;
    private final Experiments experiments;
    private final StoreSettings storeSettings;
    private final RandomGenerator random;
    private final CreditPacks packs;
    private final WalletStore store;
    private final WalletSnapshots snapshots;
    private final AutoTopUpCheckout autoTopUps;
    private final Clock clock;
    private final ServiceSettings settings;
    private final Ids ids;
    private final PurchaseLoyalty loyalty;

    public CheckoutService(CatalogSource catalogs, StoreSettings storeSettings, RandomGenerator random, CreditPacks packs,
            WalletStore store, WalletSnapshots snapshots, AutoTopUpCheckout autoTopUps, Clock clock, ServiceSettings settings,
            Ids ids, Experiments experiments, PurchaseLoyalty loyalty) {
        this.loyalty = loyalty;
        this.catalogs = catalogs;
        this.experiments = experiments;
        this.storeSettings = storeSettings;
        this.random = random;
        this.packs = packs;
        this.store = store;
        this.snapshots = snapshots;
        this.autoTopUps = autoTopUps;
        this.clock = clock;
        this.settings = settings;
        this.ids = ids;
    }

    public CheckoutOutcome checkout(CheckoutCommand command) {
        CatalogDocument document = catalogs.current();
        Optional<Sku> found = document.catalog().find(command.skuId()).filter(sku -> !sku.retired());
        if (found.isEmpty()) {
            return replayOr(command, new CheckoutOutcome.UnknownSku(command.skuId()));
        }
        // what it grants is decided at commit, after the price: an unlock bought twice (or stacked) is refused there
        // the passes this instance saw the user hold: extending one stays one request (its write checks the stored end)
        Items items = new Items(document, draw(found.get(), command.quantity()),
                new HashMap<>(snapshots.passes(command.ownerId())));
        Optional<Wallet> remembered = snapshots.get(command.ownerId());
        Wallet wallet = remembered.orElseGet(() -> readWallet(command.ownerId()));
        return switch (purchase(command, items, wallet, remembered.isEmpty(), Optional.empty())) {
            case Done done -> done.outcome();
            case Lacking lacking -> coverThenPurchase(command, items, lacking);
        };
    }

    /** The catalog document this checkout prices from, and the chance outcomes drawn for it (one per unit). */
    /**
     * The catalog document this checkout prices from, the chance outcomes drawn for it (one per unit), and the buyer's
     * entitlements learnt from writes refused on them (assumed not held until then).
     */
    private record Items(CatalogDocument document, List<String> drawn, Map<String, Entitlement> known) {
        /** The ids of the document's offers: counts of other offers are dropped from the wallet item on this write. */
        Set<String> liveOffers() {
            return document.offers().stream().map(Offer::offerId).collect(Collectors.toSet());
        }
    }

    /** What the asked quantity costs this buyer now: unit price, total and the offer charged, if any. */
    private record Order(Sku sku, Credits unitPrice, Credits total, Optional<String> offerId,
            Optional<Experiments.Assignment> experiment) {
    }

    private List<String> draw(Sku sku, int quantity) {
        if (sku.kind() != SkuKind.CHANCE) {
            return List.of();
        }
        List<String> drawn = new ArrayList<>(quantity);
        for (int i = 0; i < quantity; i++) {
            drawn.add(Chance.draw(sku.outcomes(), random));
        }
        return drawn;
    }

    /** The order for the buyer whose wallet is {@code wallet} at {@code now}; empty when the SKU is not for them. */
    private Optional<Order> order(CheckoutCommand command, Items items, Wallet wallet, Instant now) {
        return items.document().quote(command.skuId(),
                        wallet.store().segment(LocalDate.ofInstant(now, ZoneOffset.UTC), storeSettings.highSpenderCredits()),
                        wallet.store(), now, command.quantity())
                .map(q -> {
                    Optional<Experiments.Assignment> experiment = experiments.assignment(q, command.ownerId(), now);
                    CatalogDocument.Quote priced = experiment.map(a -> Experiments.priced(q, a)).orElse(q);
                    return new Order(priced.sku(), priced.unitPrice(), priced.unitPrice().times(command.quantity()),
                            priced.offer().map(o -> o.offerId()), experiment);
                });
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

    private record Lacking(Wallet wallet, Credits shortfall, Credits total) implements Decided {
    }

    /**
     * The purchase, retried under the optimistic-retry policy. {@code fresh}: {@code start} was just read (a refusal
     * decided on a remembered, possibly stale snapshot is re-checked on a fresh read first). {@code paidBy} is an auto
     * top-up already credited for this checkout: it rides along in the answer.
     */
    private Decided purchase(CheckoutCommand command, Items items, Wallet start, boolean fresh, Optional<AutoCharge> paidBy) {
        Wallet wallet = start;
        boolean read = fresh;
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            switch (attempt(command, items, wallet, read, paidBy, retry)) {
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
        LOG.warnf("checkout wallet=%s sku=%s outcome=contended attempts=%d", command.ownerId(), command.skuId(),
                OptimisticRetry.MAX_ATTEMPTS);
        return new Done(new CheckoutOutcome.Contended());
    }

    private Attempt attempt(CheckoutCommand command, Items items, Wallet wallet, boolean fresh, Optional<AutoCharge> paidBy,
            OptimisticRetry retry) {
        Instant now = clock.instant();
        Optional<Order> priced = order(command, items, wallet, now);
        if ((priced.isEmpty() || priced.get().total().amount() != command.expectedTotalCredits()) && !fresh) {
            // decided on a remembered snapshot: the segment or the offer uses may have moved on
            return new Again(readWallet(command.ownerId()));
        }
        if (priced.isEmpty()) {
            return new Done(replayOr(command, new CheckoutOutcome.UnknownSku(command.skuId())));
        }
        Order order = priced.get();
        if (order.total().amount() != command.expectedTotalCredits()) {
            return new Done(replayOr(command, new CheckoutOutcome.PriceChanged(order.sku().id(), order.unitPrice(),
                    order.total(), Credits.of(command.expectedTotalCredits()))));
        }
        // promotional credits expired by now do not count
        Wallet.SpendCheck check = wallet.checkSpend(order.total(), now);
        if (!(check instanceof Wallet.SpendCheck.Allowed) && !fresh) {
            return new Again(readWallet(command.ownerId()));
        }
        return switch (check) {
            case Wallet.SpendCheck.Frozen frozen -> new Done(replayOr(command, new CheckoutOutcome.WalletFrozen()));
            case Wallet.SpendCheck.OverLimit over -> new Done(replayOr(command, new CheckoutOutcome.OverLimit(
                    over.which(), over.limit(), over.spentSoFar(), order.total(), over.resetsAt())));
            case Wallet.SpendCheck.Short lacking -> new Lacking(wallet, lacking.shortfall(), order.total());
            case Wallet.SpendCheck.Allowed allowed -> commit(command, order, items,
                    wallet.withStore(wallet.store().retainOffers(items.liveOffers())), now, paidBy, retry);
        };
    }

    /**
     * The one conditional write: debit (lots drawn in spending order, lapsed promotional credits expired first, the
     * storefront activity counting the purchase and its offer, the loyalty progress), the purchase's ledger entry that
     * is also its record (with the offer, the drawn SKUs, what it grants and the loyalty rewards it earned, each a
     * promotional lot with its own ledger entry), the idempotency record and the granted entitlements.
     */
    private Attempt commit(CheckoutCommand command, Order order, Items items, Wallet wallet, Instant now,
            Optional<AutoCharge> paidBy, OptimisticRetry retry) {
        List<String> drawn = items.drawn();
        Acquisition.Acquire acquire;
        switch (Ownership.acquire(Ownership.grantsOf(items.document().catalog(), order.sku(), command.quantity(), drawn),
                items.known(), now)) {
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
        PurchaseLoyalty.Rewarded rewarded = loyalty.apply(wallet.purchase(order.total(), now, "purchase:" + purchaseId,
                order.offerId(), command.quantity()), purchaseId, order.sku(), now);
        WalletChange change = rewarded.change();
        Purchase purchase = new Purchase(purchaseId, command.ownerId(), order.sku().id(), command.quantity(),
                order.unitPrice(), order.total(), change.after().balance(), now, change.lots(), LotTake.value(change.lots()),
                order.offerId(), drawn, acquire.grants(), rewarded.earned(), rewarded.stamped());
        CheckoutIdempotency record = new CheckoutIdempotency(command.ownerId(), command.idempotencyKey(),
                command.requestHash(), purchase, paidBy, now.plus(settings.idempotencyTtl()));
        Optional<WalletStore.Conversion> conversion = order.experiment()
                .map(a -> new WalletStore.Conversion(a.experimentId(), a.variant().name()));
        return switch (store.commitPurchase(change, purchase, record, acquire.changes(), conversion)) {
            case PurchaseWrite.Committed c -> {
                snapshots.remember(change.after());
                rememberPasses(command.ownerId(), acquire.grants(), purchaseId, now);
                // built by hand: a printf format is parsed on every call, and this line is written on every purchase
                StringBuilder line = new StringBuilder(160).append("checkout wallet=").append(command.ownerId())
                        .append(" sku=").append(order.sku().id()).append(" quantity=").append(command.quantity())
                        .append(" priceCredits=").append(order.total().amount()).append(" outcome=purchased purchase=")
                        .append(purchaseId).append(" attempts=").append(retry.attempt());
                paidBy.ifPresent(p -> line.append(" autoTopUp=").append(p.topUpId()));
                order.offerId().ifPresent(o -> line.append(" offer=").append(o));
                if (!drawn.isEmpty()) {
                    line.append(" drawn=").append(drawn);
                }
                if (!purchase.earned().isEmpty()) {
                    line.append(" earnedCredits=").append(purchase.earnedCredits().amount());
                }
                LOG.info(line.toString());
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
                items.known().put(changed.current().sku(), changed.current());
                snapshots.rememberPass(changed.current());
                yield new Again(wallet);
            }
        };
    }

    /** The passes a committed purchase granted, as this instance now knows them: the hint for the next extension. */
    private void rememberPasses(String ownerId, List<Granted> grants, String purchaseId, Instant at) {
        for (Granted g : grants) {
            if (g.type() == EntitlementType.PASS) {
                snapshots.rememberPass(new Entitlement(ownerId, g.sku(), EntitlementType.PASS, 1, g.activeUntil(), at,
                        purchaseId, 0));
            }
        }
    }

    /**
     * A short balance: with auto top-up on, cover the shortfall from the saved card, then buy on the fresh wallet
     * (once: still short after that, it is insufficient credits like any other).
     */
    private CheckoutOutcome coverThenPurchase(CheckoutCommand command, Items items, Lacking lacking) {
        if (lacking.wallet().activeAutoTopUp().isEmpty()) {
            return insufficient(command, lacking);
        }
        Optional<CheckoutIdempotency> earlier = store.findCheckoutIdempotency(command.ownerId(), command.idempotencyKey());
        if (earlier.isPresent()) {
            return replay(command, earlier.get());
        }
        return switch (autoTopUps.cover(command, lacking.wallet(), lacking.shortfall())) {
            case AutoTopUpCheckout.Result.Refused refused -> refused.outcome();
            case AutoTopUpCheckout.Result.NotCovered notCovered -> insufficient(command, lacking);
            case AutoTopUpCheckout.Result.Credited credited -> switch (purchase(command, items,
                    readWallet(command.ownerId()), true, Optional.of(credited.charge()))) {
                case Done done -> done.outcome();
                case Lacking stillShort -> insufficient(command, stillShort);
            };
        };
    }

    private CheckoutOutcome insufficient(CheckoutCommand command, Lacking lacking) {
        return replayOr(command, new CheckoutOutcome.InsufficientCredits(lacking.wallet().asOf(clock.instant()).balance(),
                lacking.total(),
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

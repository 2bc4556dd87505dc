package dev.coinslot.application.topup;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.ReconciliationStore;
import dev.coinslot.application.port.ReconciliationStore.Write;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.PromoExpiry;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Credits a paid top-up to its wallet exactly once, whoever learnt of the payment first: the webhook, the sweep, or the
 * checkout whose auto top-up charged the card. One guarded write (wallet, ledger entry, top-up, and the marker of what
 * caused it), so whichever comes later finds it applied. What is credited is the recorded top-up when there is one,
 * and never more than the configured pack it names.
 */
@ApplicationScoped
public class TopUpCrediting {

    private static final Logger LOG = Logger.getLogger(TopUpCrediting.class);

    private final ReconciliationStore store;
    private final Clock clock;
    private final CreditPacks packs;
    private final PromoExpiry expiry;

    public TopUpCrediting(ReconciliationStore store, Clock clock, CreditPacks packs, PromoExpiry expiry) {
        this.store = store;
        this.clock = clock;
        this.packs = packs;
        this.expiry = expiry;
    }

    /** A top-up's lots: its base credits paid (cost basis: what the card paid), its bonus promotional. */
    static List<Lot> lots(TopUp topUp, PromoExpiry expiry, Instant now) {
        List<Lot> lots = new ArrayList<>();
        if (topUp.baseCredits().isPositive()) {
            lots.add(Lot.paid(topUp.baseCredits().amount(), topUp.amount(), now, topUp.id()));
        }
        if (topUp.bonusCredits().isPositive()) {
            lots.add(expiry.lot(LotSource.BONUS, topUp.bonusCredits().amount(), now, topUp.id()));
        }
        return lots;
    }

    /**
     * What caused the credit, stored with it: the processor event's id and type, or, for a succeeded auto top-up, the
     * checkout's own marker ({@link #creditAutoTopUp}).
     */
    public record Cause(String id, String type) {
    }

    /** What crediting came to. {@link Busy}: the wallet kept changing under every attempt; nothing was written. */
    public sealed interface Result {
        record Credited(TopUp topUp) implements Result {
        }

        record AlreadyCredited() implements Result {
        }

        /** The payment is not the top-up it names, or the top-up not its pack: nothing credited, an operator decides. */
        record Stuck(String reason) implements Result {
        }

        record Busy() implements Result {
        }
    }

    /** Credits an auto top-up whose off-session charge succeeded (its card is saved already). */
    public Result creditAutoTopUp(TopUp topUp) {
        return credit(topUp, store.findTopUp(topUp.ownerId(), topUp.id()), Optional.empty(),
                new Cause("auto-topup:" + topUp.id(), "auto_top_up.succeeded"));
    }

    /**
     * Credits {@code claimed} (what the payment says it is) unless {@code recorded} says otherwise; saves
     * {@code paymentMethod} as the wallet's card when present.
     */
    public Result credit(TopUp claimed, Optional<TopUp> recorded, Optional<String> paymentMethod, Cause cause) {
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            if (recorded.isPresent() && recorded.get().credited()) {
                return new Result.AlreadyCredited();
            }
            Optional<String> mismatch = mismatch(claimed, recorded);
            if (mismatch.isPresent()) {
                LOG.warnf("crediting stuck payment=%s topup=%s wallet=%s recorded=%s reason=\"%s\"", claimed.paymentIntentId(),
                        claimed.id(), claimed.ownerId(), recorded.isPresent(), mismatch.get());
                return new Result.Stuck(mismatch.get());
            }
            TopUp topUp = recorded.orElse(claimed);
            Wallet wallet = store.findWalletState(claimed.ownerId()).map(ReconciliationStore.WalletState::wallet)
                    .orElseGet(() -> Wallet.empty(claimed.ownerId()));
            Optional<YearMonth> countInCap = topUp.capReleased()
                    ? Optional.of(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC))) : Optional.empty();
            Instant now = clock.instant();
            WalletChange change = wallet.credit(LedgerEntryType.TOP_UP, lots(topUp, expiry, now), "topup:" + topUp.id(), now);
            switch (store.creditTopUp(change, topUp, paymentMethod, countInCap, cause.id(), cause.type())) {
                case Write.Committed c -> {
                    return new Result.Credited(topUp);
                }
                // credited meanwhile, or its auto top-up decline was counted meanwhile: decide again on what is stored
                case Write.AlreadyApplied a -> recorded = store.findTopUp(claimed.ownerId(), claimed.id());
                case Write.WalletChanged w -> retry.backOff();
                case Write.Contention c -> retry.backOff();
            }
        }
        return new Result.Busy();
    }

    /**
     * Why a payment is not the stored top-up it names or that top-up not its pack, or (not recorded yet) why the payment
     * is not the pack it names; empty when all agree.
     */
    public Optional<String> mismatch(TopUp payment, Optional<TopUp> stored) {
        if (stored.isEmpty()) {
            return packMismatch(payment.packId(), payment.amount(), payment.baseCredits(), payment.bonusCredits());
        }
        TopUp recorded = stored.get();
        if (!recorded.paymentIntentId().equals(payment.paymentIntentId())) {
            return Optional.of("payment intent is not the one recorded for the top-up");
        }
        if (!recorded.amount().equals(payment.amount())) {
            return Optional.of("paid " + payment.amount() + " but the top-up is " + recorded.amount());
        }
        return packMismatch(recorded.packId(), recorded.amount(), recorded.baseCredits(), recorded.bonusCredits());
    }

    /** Why {@code amount} for {@code base + bonus} credits is not the configured pack {@code packId}; empty if it is. */
    private Optional<String> packMismatch(String packId, Money amount, Credits base, Credits bonus) {
        if (packs.find(packId).isEmpty()) {
            return Optional.of("pack " + packId + " is not configured");
        }
        // the pack as sold in the payment's currency (the default currency's price when it is not sold in that one)
        Optional<CreditPack> pack = packs.find(packId).flatMap(p -> p.in(amount.currency())).or(() -> packs.find(packId));
        if (!pack.get().price().equals(amount)) {
            return Optional.of("amount " + amount + " is not the price " + pack.get().price() + " of pack " + packId);
        }
        if (!pack.get().baseCredits().equals(base) || !pack.get().bonusCredits().equals(bonus)) {
            return Optional.of("credits " + base.amount() + "+" + bonus.amount() + " are not those of pack " + packId + " ("
                    + pack.get().baseCredits().amount() + "+" + pack.get().bonusCredits().amount() + ")");
        }
        return Optional.empty();
    }
}

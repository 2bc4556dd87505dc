package dev.coinslot.application.checkout;

import dev.coinslot.application.Ids;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.AutoTopUpStore;
import dev.coinslot.application.port.AutoTopUpStore.DeclineWrite;
import dev.coinslot.application.port.AutoTopUpStore.Reservation;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.PaymentGateway.ChargeState;
import dev.coinslot.application.port.PaymentGateway.PaymentPurpose;
import dev.coinslot.application.port.TopUpStore;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.topup.TopUpCrediting;
import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SavedCard;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Covers a short checkout from the saved card. Everything is derived from the checkout's idempotency key: the top-up
 * id, the processor's idempotency keys for creating and for confirming the payment. A retried checkout therefore finds
 * the same top-up and the same payment, and the card is charged at most once, whatever failed in between.
 * <ol>
 * <li>First attempt: pick the pack, check the monthly cap, create the (unconfirmed) payment, then reserve: record the
 * PENDING top-up and add its amount to the month's auto top-up spend, in one conditional write.</li>
 * <li>Ask where the payment stands (or confirm it off-session if it was never confirmed).</li>
 * <li>Succeeded: credit it exactly once (through {@link TopUpCrediting}, as the webhook does, so the later
 * {@code payment_intent.succeeded} finds it applied); the caller then makes the purchase. Needs authentication: hand
 * the client secret back. Declined: count it (once), give the amount back to the cap, and switch auto top-up off after
 * too many consecutive declines.</li>
 * </ol>
 */
@ApplicationScoped
public class AutoTopUpCheckout {

    private static final Logger LOG = Logger.getLogger(AutoTopUpCheckout.class);

    private final CreditPacks packs;
    private final WalletStore wallets;
    private final TopUpStore topUps;
    private final AutoTopUpStore store;
    private final PaymentGateway payments;
    private final TopUpCrediting crediting;
    private final Clock clock;
    private final int maxConsecutiveFailures;
    private final DeploymentId deployment;

    public AutoTopUpCheckout(CreditPacks packs, WalletStore wallets, TopUpStore topUps, AutoTopUpStore store,
            PaymentGateway payments, TopUpCrediting crediting, Clock clock, ServiceSettings settings,
            DeploymentId deployment) {
        this.packs = packs;
        this.deployment = deployment;
        this.wallets = wallets;
        this.topUps = topUps;
        this.store = store;
        this.payments = payments;
        this.crediting = crediting;
        this.clock = clock;
        this.maxConsecutiveFailures = settings.maxConsecutiveDeclines();
    }

    /** What covering the shortfall came to: credited (now make the purchase) or a refusal to answer with. */
    public sealed interface Result {
        record Credited(AutoCharge charge) implements Result {
        }

        record Refused(CheckoutOutcome outcome) implements Result {
        }

        /** Auto top-up cannot cover this (no pack covers the shortfall, or it was switched off meanwhile). */
        record NotCovered() implements Result {
        }
    }

    /** {@code wallet} is a fresh read with an active auto top-up; {@code shortfall} is what the purchase lacks. */
    public Result cover(CheckoutCommand command, Wallet wallet, Credits shortfall) {
        String ownerId = command.ownerId();
        String topUpId = topUpId(ownerId, command.idempotencyKey());
        Optional<TopUp> existing = topUps.findTopUp(ownerId, topUpId);
        ChargeState state = null;
        TopUp topUp;
        if (existing.isPresent()) {
            topUp = existing.get();
        } else {
            if (!payments.configured()) {
                return new Result.NotCovered();
            }
            AutoTopUp auto = wallet.activeAutoTopUp().orElseThrow();
            SavedCard card = wallet.savedCard().orElseThrow();
            Optional<CreditPack> chosen = packs.find(auto.packId())
                    .filter(p -> !p.totalCredits().isLessThan(shortfall))
                    .or(() -> packs.smallestCovering(shortfall));
            if (chosen.isEmpty()) {
                return new Result.NotCovered();
            }
            CreditPack pack = chosen.get();
            Optional<Result> capRefusal = capRefusal(auto, pack.price());
            if (capRefusal.isPresent()) {
                return capRefusal.get();
            }
            state = payments.createOffSessionPayment(pack.price(), card, new PaymentPurpose(deployment, ownerId, topUpId, pack),
                    "coinslot-auto-" + topUpId);
            topUp = new TopUp(topUpId, ownerId, pack.id(), pack.price(), pack.baseCredits(), pack.bonusCredits(),
                    TopUpStatus.PENDING, state.id(), clock.instant());
            Optional<Result> refusal = reserve(wallet, topUp);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        if (topUp.credited()) {
            return new Result.Credited(AutoCharge.of(topUp));
        }
        SavedCard card = wallet.savedCard().orElseThrow();
        if (state == null || state.status() != PaymentGateway.ChargeStatus.NEEDS_CONFIRMATION) {
            state = payments.chargeState(topUp.paymentIntentId());
        }
        if (state.status() == PaymentGateway.ChargeStatus.NEEDS_CONFIRMATION) {
            state = payments.confirmOffSession(topUp.paymentIntentId(), card, "coinslot-auto-confirm-" + topUpId);
        }
        LOG.infof("checkout wallet=%s autoTopUp=%s payment=%s charge=%s", ownerId, topUpId, topUp.paymentIntentId(),
                state.status());
        return switch (state.status()) {
            case SUCCEEDED -> credit(topUp);
            case NEEDS_AUTHENTICATION -> refuse(new CheckoutOutcome.AuthenticationRequired(topUpId, topUp.paymentIntentId(),
                    state.clientSecret(), topUp.amount()));
            case DECLINED -> refuse(new CheckoutOutcome.CardDeclined(topUpId, state.failureCode(), countDecline(topUp,
                    state.failureCode())));
            case PROCESSING, NEEDS_CONFIRMATION -> refuse(new CheckoutOutcome.AutoTopUpPending(topUpId));
        };
    }

    private Optional<Result> capRefusal(AutoTopUp auto, Money price) {
        YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        if (auto.allows(price, month)) {
            return Optional.empty();
        }
        Instant resets = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Optional.of(refuse(new CheckoutOutcome.AutoTopUpCapReached(auto.monthlyCap(),
                Money.of(auto.chargedIn(month), price.currency()), price, resets)));
    }

    /** Records the top-up and takes its amount from the monthly cap; empty when reserved (now or by an earlier try). */
    private Optional<Result> reserve(Wallet read, TopUp topUp) {
        Wallet wallet = read;
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
            switch (store.reserve(wallet, topUp, month)) {
                case Reservation.Reserved r -> {
                    return Optional.empty();
                }
                case Reservation.AlreadyReserved r -> {
                    return Optional.empty();
                }
                case Reservation.WalletChanged w -> {
                    wallet = wallets.findWallet(topUp.ownerId()).orElseGet(() -> Wallet.empty(topUp.ownerId()));
                    Optional<AutoTopUp> auto = wallet.activeAutoTopUp();
                    if (auto.isEmpty()) {
                        return Optional.of(new Result.NotCovered());
                    }
                    Optional<Result> capRefusal = capRefusal(auto.get(), topUp.amount());
                    if (capRefusal.isPresent()) {
                        return capRefusal;
                    }
                    retry.backOff();
                }
            }
        }
        return Optional.of(refuse(new CheckoutOutcome.Contended()));
    }

    private Result credit(TopUp topUp) {
        return switch (crediting.creditAutoTopUp(topUp)) {
            case TopUpCrediting.Result.Credited c -> new Result.Credited(AutoCharge.of(topUp));
            case TopUpCrediting.Result.AlreadyCredited a -> new Result.Credited(AutoCharge.of(topUp));
            case TopUpCrediting.Result.Busy b -> refuse(new CheckoutOutcome.Contended());
            case TopUpCrediting.Result.Stuck s ->
                    throw new IllegalStateException("auto top-up " + topUp.id() + " not creditable: " + s.reason());
        };
    }

    /** Counts the decline once; true when it switched auto top-up off. */
    private boolean countDecline(TopUp topUp, String code) {
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Wallet wallet = wallets.findWallet(topUp.ownerId()).orElseGet(() -> Wallet.empty(topUp.ownerId()));
            switch (store.recordDecline(wallet, topUp, code == null ? "declined" : code, maxConsecutiveFailures)) {
                case DeclineWrite.Counted c -> {
                    if (c.switchedOff()) {
                        LOG.warnf("autoTopUp wallet=%s switched off after %d consecutive declines", topUp.ownerId(),
                                maxConsecutiveFailures);
                    }
                    return c.switchedOff();
                }
                case DeclineWrite.AlreadyCounted a -> {
                    return wallet.autoTopUp().map(auto -> !auto.enabled()).orElse(false);
                }
                case DeclineWrite.WalletChanged w -> retry.backOff();
            }
        }
        throw new dev.coinslot.application.port.StoreUnavailableException("wallet too busy to record a declined charge", null);
    }

    private static Result refuse(CheckoutOutcome outcome) {
        return new Result.Refused(outcome);
    }

    /** Deterministic per (user, checkout key): a retried checkout finds the same top-up and payment. */
    static String topUpId(String ownerId, String checkoutKey) {
        return "top_" + Ids.sha256("auto-topup-id\n" + ownerId + "\n" + checkoutKey).substring(0, 24);
    }
}

package dev.coinslot.api.wallet;

import dev.coinslot.api.Caller;
import dev.coinslot.api.PageLimit;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.port.WalletStore.LedgerPage;
import dev.coinslot.application.loyalty.LoyaltyRewards;
import dev.coinslot.application.wallet.WalletQueries;
import dev.coinslot.application.wallet.WalletSettings;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.SpendLimit;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.SpendTally;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.loyalty.LoyaltyProgress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/** The signed-in user's wallet and ledger (checkout function). */
@Path("/wallet")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    /**
     * The wallet with its settings: the balance split into paid and promotional credits, the soonest expiry (null when
     * nothing expires) and the lots in spending order; spending limits (null = none) and what purchases spent in the
     * current windows, auto top-up (null until first set) and whether a card is saved for it.
     */
    public record WalletView(long balanceCredits, long paidCredits, long promoCredits, NextExpiryView nextExpiry,
            List<LotView> lots, String status, String currency, LimitsView limits, SpentView spent,
            AutoTopUpSettingsView autoTopUp, boolean savedCard, LoyaltyView loyalty) {
        static WalletView of(Wallet w, String currency, Instant now, LoyaltyProgress progress) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            SpendLimits l = w.limits();
            Lots lots = w.asOf(now).lots();
            return new WalletView(lots.balance().amount(), lots.paid().amount() - lots.debt(), lots.promo().amount(),
                    lots.nextExpiry().map(n -> new NextExpiryView(n.credits(), n.at().toString())).orElse(null),
                    lots.lots().stream().map(LotView::of).toList(), w.status().name(), currency,
                    new LimitsView(amount(l.perPurchase()), amount(l.daily()), amount(l.monthly()),
                            l.guardianManaged() ? "guardian" : "owner"),
                    new SpentView(w.spent().spentOn(today).amount(), w.spent().spentIn(YearMonth.from(today)).amount(),
                            SpendTally.resetsAt(SpendLimit.DAILY, today).orElseThrow().toString(),
                            SpendTally.resetsAt(SpendLimit.MONTHLY, today).orElseThrow().toString()),
                    w.autoTopUp().map(a -> new AutoTopUpSettingsView(a.enabled(), a.packId(), a.monthlyCap().amountMinor(),
                            a.chargedIn(YearMonth.from(today)), a.consecutiveFailures(), a.disabledReason().orElse(null)))
                            .orElse(null),
                    w.savedCard().isPresent(), LoyaltyView.of(progress));
        }

        private static Long amount(Optional<Credits> credits) {
            return credits.map(Credits::amount).orElse(null);
        }
    }

    /**
     * The loyalty standing: the streak a purchase today continues, the next streak reward (null after the last), each
     * stamp card's progress, and the daily claim ({@code nextClaimAt} null while a claim is available or none is offered).
     */
    public record LoyaltyView(int streakDays, MilestoneView nextStreakReward, List<StampsView> stamps,
            boolean dailyClaimAvailable, String nextClaimAt) {
        static LoyaltyView of(LoyaltyProgress p) {
            return new LoyaltyView(p.streakDays(),
                    p.nextStreakReward().map(m -> new MilestoneView(m.atDays(), m.credits().amount())).orElse(null),
                    p.stamps().stream().map(s -> new StampsView(s.cardId(), s.count(), s.of(), s.reward().amount())).toList(),
                    p.dailyClaimAvailable(), p.nextClaimAt().map(Instant::toString).orElse(null));
        }
    }

    public record MilestoneView(int atDays, long credits) {
    }

    public record StampsView(String cardId, int count, int of, long rewardCredits) {
    }

    /** {@code credits} lapse at {@code at}. */
    public record NextExpiryView(long credits, String at) {
    }

    /** One lot: {@code kind} "paid" or "promo", {@code source} (topup, legacy, bonus, grant, reward), expiry or null. */
    public record LotView(String kind, String source, long credits, String expiresAt) {
        static LotView of(Lot lot) {
            return new LotView(lot.kind().name().toLowerCase(Locale.ROOT), lot.source().name().toLowerCase(Locale.ROOT),
                    lot.credits(), lot.expiresAt().map(Instant::toString).orElse(null));
        }
    }

    public record LimitsView(Long perPurchaseCredits, Long dailyCredits, Long monthlyCredits, String managedBy) {
    }

    public record SpentView(long todayCredits, long thisMonthCredits, String dayResetsAt, String monthResetsAt) {
    }

    public record AutoTopUpSettingsView(boolean enabled, String packId, long monthlyCapMinor, long chargedThisMonthMinor,
            int consecutiveFailures, String disabledReason) {
    }

    /** Spending limits in credits; a missing or null limit is no limit. */
    public record LimitsRequest(@PositiveOrZero @Max(MAX_LIMIT_CREDITS) Long perPurchaseCredits,
            @PositiveOrZero @Max(MAX_LIMIT_CREDITS) Long dailyCredits, @PositiveOrZero @Max(MAX_LIMIT_CREDITS) Long monthlyCredits) {
        SpendLimits toLimits(boolean guardianManaged) {
            return new SpendLimits(credits(perPurchaseCredits), credits(dailyCredits), credits(monthlyCredits), guardianManaged);
        }

        private static Optional<Credits> credits(Long value) {
            return Optional.ofNullable(value).map(Credits::of);
        }
    }

    public record AutoTopUpRequest(@NotNull Boolean enabled, @Size(max = 64) String packId,
            @Positive Long monthlyCapMinor) {
    }

    static final long MAX_LIMIT_CREDITS = 1_000_000_000L;

    /** A ledger entry; {@code paidCredits + promoCredits = amountCredits}. */
    public record LedgerEntryView(long sequence, String type, long amountCredits, long paidCredits, long promoCredits,
            long balanceAfterCredits, String reference, String at) {
        static LedgerEntryView of(LedgerEntry e) {
            return new LedgerEntryView(e.sequence(), e.type().name(), e.amount().amount(), e.paidCredits().amount(),
                    e.promoCredits().amount(), e.balanceAfter().amount(), e.reference(), e.at().toString());
        }
    }

    public record LedgerView(List<LedgerEntryView> entries, String nextCursor) {
    }

    private final Caller caller;
    private final WalletQueries wallets;
    private final WalletSettings settings;
    private final Clock clock;
    private final LoyaltyRewards loyalty;

    public WalletResource(Caller caller, WalletQueries wallets, WalletSettings settings, Clock clock, LoyaltyRewards loyalty) {
        this.loyalty = loyalty;
        this.caller = caller;
        this.wallets = wallets;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    public WalletView wallet() {
        return view(wallets.wallet(caller.requireUserId()));
    }

    @PUT
    @Path("/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<WalletView> setLimits(@NotNull @Valid LimitsRequest request) {
        return answer(settings.setLimits(caller.requireUserId(), request.toLimits(false), Optional.empty()));
    }

    @PUT
    @Path("/auto-top-up")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<WalletView> setAutoTopUp(@NotNull @Valid AutoTopUpRequest request) {
        return answer(settings.setAutoTopUp(caller.requireUserId(), request.enabled(), Optional.ofNullable(request.packId()),
                Optional.ofNullable(request.monthlyCapMinor())));
    }

    WalletView view(Wallet wallet) {
        return WalletView.of(wallet, wallets.currency(), clock.instant(), loyalty.progress(wallet));
    }

    /** The answer to a settings change: the wallet as it now is, or a {@link ProblemException}. */
    RestResponse<WalletView> answer(WalletSettings.Outcome outcome) {
        return switch (outcome) {
            case WalletSettings.Outcome.Updated u -> RestResponse.ResponseBuilder.ok(view(u.wallet()),
                    MediaType.APPLICATION_JSON).build();
            case WalletSettings.Outcome.LimitsManagedByGuardian m -> throw new ProblemException(
                    ProblemType.LIMITS_MANAGED_BY_GUARDIAN.problem(
                    "A guardian set this wallet's spending limits; only the guardian can change them."));
            case WalletSettings.Outcome.NotGuardian n -> throw new ProblemException(GuardianResource.notGuardian());
            case WalletSettings.Outcome.NoSavedCard n -> throw new ProblemException(ProblemType.NO_SAVED_CARD.problem(
                    "Auto top-up charges the card saved by a top-up; make a top-up with a card first."));
            case WalletSettings.Outcome.UnknownPack u -> throw new ProblemException(ProblemType.UNKNOWN_PACK_SETTING.problem(
                    "Auto top-up needs packId naming one of GET /topups/packs.").with("packId", u.packId()));
            case WalletSettings.Outcome.CapOutOfRange c -> throw new ProblemException(ProblemType.INVALID_MONTHLY_CAP.problem(
                    "monthlyCapMinor must be at least the pack's price (" + c.packPrice().amountMinor()
                            + ") and at most " + c.max().amountMinor() + ".")
                    .with("minMinor", c.packPrice().amountMinor())
                    .with("maxMinor", c.max().amountMinor()));
            case WalletSettings.Outcome.PaymentsNotConfigured p -> throw new ProblemException(
                    ProblemType.PAYMENTS_NOT_CONFIGURED.problem(
                    "This deployment has no Stripe key; auto top-up is unavailable."));
        };
    }

    @GET
    @Path("/ledger")
    public LedgerView ledger(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String userId = caller.requireUserId();
        LedgerPage page = wallets.ledger(userId, PageLimit.parse(limit), decodeCursor(cursor));
        return new LedgerView(page.entries().stream().map(LedgerEntryView::of).toList(),
                page.nextBefore().map(WalletResource::encodeCursor).orElse(null));
    }

    static String encodeCursor(long beforeSequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + beforeSequence).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Long> decodeCursor(String cursor) {
        if (cursor == null) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("v1:")) {
                long before = Long.parseLong(text.substring(3));
                if (before > 1) {
                    return Optional.of(before);
                }
            }
        } catch (IllegalArgumentException ignored) {
            // refused below
        }
        throw new ProblemException(ProblemType.INVALID_CURSOR.problem(
                "cursor must be a nextCursor value returned by this endpoint"));
    }
}

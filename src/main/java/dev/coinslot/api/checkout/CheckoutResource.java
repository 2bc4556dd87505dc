package dev.coinslot.api.checkout;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.api.Caller;
import dev.coinslot.api.IdempotencyKeys;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.checkout.CheckoutService;
import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SpendLimit;
import dev.coinslot.domain.ownership.Granted;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/** One-tap checkout (checkout function). */
@Path("/checkout")
public class CheckoutResource {

    public static final int MAX_QUANTITY = 100;

    /** {@code expectedPriceCredits} is the total the client showed: unit price × quantity. */
    public record CheckoutRequest(
            @NotBlank @Size(max = 64) String sku,
            @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity,
            @NotNull @Positive Long expectedPriceCredits) {
    }

    /**
     * {@code grants} is what the purchase granted (a pass with its new end); {@code autoTopUp} is present only when this
     * checkout topped the wallet up from the saved card, {@code offerId} only when an offer's price was charged,
     * {@code outcome} only for a chance SKU: the SKUs drawn, one per unit.
     * {@code recognizedMinor} in {@code currency}: the money value of the paid credits the purchase consumed (0 and null
     * when only promotional credits or credits of unknown cost paid; both null when paid credits of several currencies
     * did, then {@code recognized} lists each). {@code earned}: the loyalty rewards the purchase earned (promotional
     * credits already in {@code balanceAfterCredits}), empty when none.
     */
    public record PurchaseView(String purchaseId, String sku, int quantity, long unitPriceCredits, long priceCredits,
            long balanceAfterCredits, String purchasedAt, Long recognizedMinor, String currency,
            List<RecognizedView> recognized, List<GrantView> grants,
            @JsonInclude(JsonInclude.Include.NON_NULL) AutoTopUpView autoTopUp,
            @JsonInclude(JsonInclude.Include.NON_NULL) String offerId,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> outcome, List<EarnedView> earned) {
        static PurchaseView of(Purchase p, Optional<AutoCharge> autoTopUp) {
            List<Money> value = p.recognized();
            return new PurchaseView(p.id(), p.skuId(), p.quantity(), p.unitPrice().amount(), p.total().amount(),
                    p.balanceAfter().amount(), p.at().toString(),
                    value.size() > 1 ? null : value.isEmpty() ? 0L : value.get(0).amountMinor(),
                    value.size() == 1 ? value.get(0).currency() : null,
                    value.stream().map(m -> new RecognizedView(m.amountMinor(), m.currency())).toList(),
                    GrantView.of(p.grants()),
                    autoTopUp.map(AutoTopUpView::of).orElse(null), p.offerId().orElse(null), p.drawnSkus(),
                    p.earned().stream().map(r -> new EarnedView(r.type().name(), r.credits().amount(),
                            r.expiresAt().toString())).toList());
        }
    }

    /** A loyalty reward: {@code type} (CASHBACK, STREAK_REWARD, STAMP_REWARD), promotional credits, their expiry. */
    public record EarnedView(String type, long credits, String expiresAt) {
    }

    /** One item a purchase granted: {@code type} PERMANENT, PASS (with {@code activeUntil}) or CONSUMABLE. */
    public record GrantView(String sku, String type, long quantity, String activeUntil) {
        public static List<GrantView> of(List<Granted> grants) {
            return grants.stream().map(g -> new GrantView(g.sku(), g.type().name(), g.quantity(),
                    g.activeUntil().map(Object::toString).orElse(null))).toList();
        }
    }

    public record RecognizedView(long amountMinor, String currency) {
    }

    public record AutoTopUpView(String topUpId, String packId, long credits, long amountMinor, String currency,
            String paymentIntentId) {
        static AutoTopUpView of(AutoCharge c) {
            return new AutoTopUpView(c.topUpId(), c.packId(), c.credits().amount(), c.amount().amountMinor(),
                    c.amount().currency(), c.paymentIntentId());
        }
    }

    private final Caller caller;
    private final CheckoutService checkout;

    public CheckoutResource(Caller caller, CheckoutService checkout) {
        this.caller = caller;
        this.checkout = checkout;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public RestResponse<PurchaseView> checkout(HttpHeaders headers, @NotNull @Valid CheckoutRequest request) {
        String userId = caller.requireUserId();
        String key = IdempotencyKeys.require(headers.getRequestHeader(IdempotencyKeys.HEADER));
        return answer(checkout.checkout(
                new CheckoutCommand(userId, key, request.sku(), request.quantity(), request.expectedPriceCredits())));
    }

    /**
     * The HTTP answer to a checkout outcome: the purchase, or a {@link ProblemException} for every refusal. Also used by
     * {@link DirectCheckout}, so both paths answer alike.
     */
    public static RestResponse<PurchaseView> answer(CheckoutOutcome outcome) {
        return switch (outcome) {
            case CheckoutOutcome.Purchased p -> RestResponse.ResponseBuilder.<PurchaseView>create(201)
                    .type(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", Boolean.toString(p.replayed()))
                    .entity(PurchaseView.of(p.purchase(), p.autoTopUp()))
                    .build();
            case CheckoutOutcome.InsufficientCredits s -> throw new ProblemException(
                    ProblemType.INSUFFICIENT_CREDITS.problem(
                            "This purchase costs " + s.price().amount() + " credits; the wallet has " + s.balance().amount() + ".")
                            .with("balanceCredits", s.balance().amount())
                            .with("priceCredits", s.price().amount())
                            .with("shortfallCredits", s.shortfall().amount())
                            .with("suggestedPack", s.suggestedPack().map(CheckoutResource::packView).orElse(null)));
            case CheckoutOutcome.PriceChanged c -> throw new ProblemException(
                    ProblemType.PRICE_CHANGED.problem(
                            "The total is now " + c.currentTotal().amount() + " credits, not " + c.expectedTotal().amount()
                                    + "; confirm the new price and retry.")
                            .with("sku", c.skuId())
                            .with("unitPriceCredits", c.currentUnitPrice().amount())
                            .with("currentPriceCredits", c.currentTotal().amount()));
            case CheckoutOutcome.UnknownSku u -> throw new ProblemException(
                    ProblemType.UNKNOWN_SKU.problem("No catalog item is called '" + u.skuId() + "'.")
                            .with("sku", u.skuId()));
            case CheckoutOutcome.AlreadyOwned o -> throw new ProblemException(
                    ProblemType.ALREADY_OWNED.problem("You already own '" + o.skuId() + "'; nothing was charged.")
                            .with("sku", o.skuId()));
            case CheckoutOutcome.NotStackable n -> throw new ProblemException(
                    ProblemType.INVALID_REQUEST.problem("quantity: '" + n.skuId() + "' is a permanent unlock; buy one.")
                            .with("errors", List.of(Map.of("field", "quantity",
                                    "message", "'" + n.skuId() + "' is a permanent unlock; buy one"))));
            case CheckoutOutcome.WalletFrozen f -> throw new ProblemException(
                    ProblemType.WALLET_FROZEN.problem(
                            "This wallet is frozen while a card payment is disputed; purchases resume when it is resolved."));
            case CheckoutOutcome.IdempotencyKeyReused r -> throw new ProblemException(
                    ProblemType.IDEMPOTENCY_KEY_REUSE.problem(
                            "This Idempotency-Key was used for a different request; use a new key for a new purchase."));
            case CheckoutOutcome.OverLimit o -> throw new ProblemException(
                    ProblemType.SPEND_LIMIT_REACHED.problem(
                            "This purchase of " + o.price().amount() + " credits would exceed the " + limitName(o.which())
                                    + " of " + o.limit().amount() + " credits (" + o.spentSoFar().amount() + " used)"
                                    + o.resetsAt().map(at -> "; it resets at " + at + ".").orElse("."))
                            .with("limit", o.which().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                            .with("limitCredits", o.limit().amount())
                            .with("spentCredits", o.spentSoFar().amount())
                            .with("priceCredits", o.price().amount())
                            .with("resetsAt", o.resetsAt().map(Object::toString).orElse(null)));
            case CheckoutOutcome.AuthenticationRequired a -> throw new ProblemException(
                    ProblemType.AUTHENTICATION_REQUIRED.problem(
                            "The bank asks the cardholder to confirm this top-up. Confirm the payment with clientSecret, "
                                    + "then retry the checkout with the same Idempotency-Key.")
                            .with("topUpId", a.topUpId())
                            .with("paymentIntentId", a.paymentIntentId())
                            .with("clientSecret", a.clientSecret())
                            .with("amountMinor", a.amount().amountMinor())
                            .with("currency", a.amount().currency()));
            case CheckoutOutcome.CardDeclined d -> throw new ProblemException(
                    ProblemType.CARD_DECLINED.problem(
                            "The saved card was declined for the auto top-up" + (d.autoTopUpSwitchedOff()
                                    ? "; auto top-up is now switched off after repeated declines. Top up with another card."
                                    : ". Top up with another card or try again later."))
                            .with("topUpId", d.topUpId())
                            .with("declineCode", d.declineCode())
                            .with("autoTopUpDisabled", d.autoTopUpSwitchedOff()));
            case CheckoutOutcome.AutoTopUpCapReached c -> throw new ProblemException(
                    ProblemType.AUTO_TOP_UP_CAP_REACHED.problem(
                            "Another auto top-up of " + c.packPrice().amountMinor() + " would pass this month's cap of "
                                    + c.cap().amountMinor() + " (" + c.chargedThisMonth().amountMinor() + " used); it resets at "
                                    + c.resetsAt() + ".")
                            .with("capMinor", c.cap().amountMinor())
                            .with("chargedThisMonthMinor", c.chargedThisMonth().amountMinor())
                            .with("packPriceMinor", c.packPrice().amountMinor())
                            .with("currency", c.cap().currency())
                            .with("resetsAt", c.resetsAt().toString()));
            case CheckoutOutcome.AutoTopUpPending p -> throw ProblemException.retryLater(ProblemType.AUTO_TOP_UP_PENDING.problem(
                    "The card payment is still processing; retry with the same Idempotency-Key.")
                    .with("topUpId", p.topUpId()), 2);
            case CheckoutOutcome.Contended c -> throw ProblemException.retryLater(ProblemType.WALLET_BUSY.problem(
                            "Too many simultaneous purchases on this wallet; retry with the same Idempotency-Key."), 1);
        };
    }

    private static String limitName(SpendLimit which) {
        return switch (which) {
            case PER_PURCHASE -> "per-purchase limit";
            case DAILY -> "daily limit";
            case MONTHLY -> "monthly limit";
        };
    }

    static Map<String, Object> packView(CreditPack pack) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("packId", pack.id());
        view.put("credits", pack.totalCredits().amount());
        view.put("amountMinor", pack.price().amountMinor());
        view.put("currency", pack.price().currency());
        return view;
    }
}

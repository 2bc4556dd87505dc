package dev.coinslot.api;

import dev.coinslot.application.CheckoutCommand;
import dev.coinslot.application.CheckoutService;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.Purchase;
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
import java.util.Map;
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

    public record PurchaseView(String purchaseId, String sku, int quantity, long unitPriceCredits, long priceCredits,
            long balanceAfterCredits, String purchasedAt) {
        static PurchaseView of(Purchase p) {
            return new PurchaseView(p.id(), p.skuId(), p.quantity(), p.unitPrice().amount(), p.total().amount(),
                    p.balanceAfter().amount(), p.at().toString());
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
    public RestResponse<Object> checkout(HttpHeaders headers, @NotNull @Valid CheckoutRequest request) {
        String userId = caller.requireUserId();
        String key = IdempotencyKeys.require(headers.getRequestHeader(IdempotencyKeys.HEADER));
        CheckoutOutcome outcome = checkout.checkout(
                new CheckoutCommand(userId, key, request.sku(), request.quantity(), request.expectedPriceCredits()));
        return switch (outcome) {
            case CheckoutOutcome.Purchased p -> RestResponse.ResponseBuilder.create(201)
                    .type(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", Boolean.toString(p.replayed()))
                    .entity((Object) PurchaseView.of(p.purchase()))
                    .build();
            case CheckoutOutcome.InsufficientCredits s -> Problems.response(
                    Problem.of(402, "insufficient-credits", "Not enough credits",
                            "This purchase costs " + s.price().amount() + " credits; the wallet has " + s.balance().amount() + ".")
                            .with("balanceCredits", s.balance().amount())
                            .with("priceCredits", s.price().amount())
                            .with("shortfallCredits", s.shortfall().amount())
                            .with("suggestedPack", s.suggestedPack().map(CheckoutResource::packView).orElse(null)));
            case CheckoutOutcome.PriceChanged c -> Problems.response(
                    Problem.of(409, "price-changed", "The price changed",
                            "The total is now " + c.currentTotal().amount() + " credits, not " + c.expectedTotal().amount()
                                    + "; confirm the new price and retry.")
                            .with("sku", c.skuId())
                            .with("unitPriceCredits", c.currentUnitPrice().amount())
                            .with("currentPriceCredits", c.currentTotal().amount()));
            case CheckoutOutcome.UnknownSku u -> Problems.response(
                    Problem.of(404, "unknown-sku", "Unknown SKU", "No catalog item is called '" + u.skuId() + "'.")
                            .with("sku", u.skuId()));
            case CheckoutOutcome.WalletFrozen f -> Problems.response(
                    Problem.of(423, "wallet-frozen", "Wallet frozen",
                            "This wallet is frozen while a card payment is disputed; purchases resume when it is resolved."));
            case CheckoutOutcome.IdempotencyKeyReused r -> Problems.response(
                    Problem.of(422, "idempotency-key-reuse", "Idempotency-Key already used",
                            "This Idempotency-Key was used for a different request; use a new key for a new purchase."));
            case CheckoutOutcome.Contended c -> Problems.retryLater(Problem.of(503, "wallet-busy", "Wallet busy",
                            "Too many simultaneous purchases on this wallet; retry with the same Idempotency-Key."), 1);
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

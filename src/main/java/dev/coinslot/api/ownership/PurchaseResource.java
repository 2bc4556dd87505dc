package dev.coinslot.api.ownership;

import dev.coinslot.api.Caller;
import dev.coinslot.api.IdempotencyKeys;
import dev.coinslot.api.PageLimit;
import dev.coinslot.api.checkout.CheckoutResource.GrantView;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.ownership.Purchases;
import dev.coinslot.application.ownership.Purchases.RefundOutcome;
import dev.coinslot.application.port.OwnershipStore.PurchasePage;
import dev.coinslot.application.port.OwnershipStore.RefundRecord;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.ownership.PurchaseRecord;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestResponse;

/** The signed-in user's purchase history and self-service refunds (checkout function). */
@Path("/purchases")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PurchaseResource {

    /** Purchase ids as checkout makes them: {@code pur_} and 24 lower-case hex digits. */
    static final Pattern PURCHASE_ID = Pattern.compile("pur_[0-9a-f]{24}");

    /**
     * One purchase. {@code refundableUntil}: the end of its refund window while it is completed and the window is open
     * (a refund may still be refused if what it granted was used), else null. {@code recognizedMinor} is null: revenue
     * recognition comes with per-lot balances.
     */
    public record PurchaseView(String purchaseId, String sku, int quantity, long priceCredits, String purchasedAt,
            String status, String refundableUntil, String refundedAt, List<GrantView> grants, Long recognizedMinor) {
        static PurchaseView of(PurchaseRecord r, Duration window, Instant now) {
            Purchase p = r.purchase();
            return new PurchaseView(p.id(), p.skuId(), p.quantity(), p.total().amount(), p.at().toString(), r.status().name(),
                    r.refundableUntil(window, now).map(Object::toString).orElse(null),
                    r.refundedAt().map(Object::toString).orElse(null), GrantView.of(p.grants()), null);
        }
    }

    public record PurchasesView(List<PurchaseView> purchases, String nextCursor) {
    }

    /**
     * A refund: {@code returnedCredits} went back to the wallet, {@code notReturnedCredits} could not (credits of a lot
     * that expired since), {@code takenBackCredits} left it with the refund (the loyalty rewards the purchase had
     * earned); the balance moved by {@code returnedCredits - takenBackCredits}.
     */
    public record RefundView(String purchaseId, String status, long returnedCredits, long notReturnedCredits,
            long takenBackCredits, long balanceAfterCredits, String refundedAt) {
        static RefundView of(RefundRecord r) {
            return new RefundView(r.purchaseId(), "REFUNDED", r.returned().amount(), r.notReturned().amount(),
                    r.takenBack().amount(), r.balanceAfter().amount(), r.refundedAt().toString());
        }
    }

    private final Caller caller;
    private final Purchases purchases;
    private final Clock clock;

    public PurchaseResource(Caller caller, Purchases purchases, Clock clock) {
        this.caller = caller;
        this.purchases = purchases;
        this.clock = clock;
    }

    @GET
    public PurchasesView list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String userId = caller.requireUserId();
        int size = PageLimit.parse(limit);
        Optional<String> after = parseCursor(cursor);
        PurchasePage page = purchases.history(userId, size, after);
        Instant now = clock.instant();
        Duration window = purchases.refundSettings().window();
        return new PurchasesView(page.purchases().stream().map(r -> PurchaseView.of(r, window, now)).toList(),
                page.nextAfter().orElse(null));
    }

    @POST
    @Path("/{purchaseId}/refund")
    public RestResponse<RefundView> refund(HttpHeaders headers, @PathParam("purchaseId") String purchaseId) {
        String userId = caller.requireUserId();
        String key = IdempotencyKeys.require(headers.getRequestHeader(IdempotencyKeys.HEADER));
        if (purchaseId == null || !PURCHASE_ID.matcher(purchaseId).matches()) {
            throw notFound();
        }
        return switch (purchases.refund(userId, key, purchaseId)) {
            case RefundOutcome.Refunded r -> RestResponse.ResponseBuilder.<RefundView>create(200)
                    .type(MediaType.APPLICATION_JSON).header("Idempotent-Replayed", Boolean.toString(r.replayed()))
                    .entity(RefundView.of(r.refund())).build();
            case RefundOutcome.PurchaseNotFound n -> throw notFound();
            case RefundOutcome.AlreadyRefunded a -> throw new ProblemException(ProblemType.ALREADY_REFUNDED.problem(
                    "This purchase was already refunded.").with("purchaseId", a.purchaseId()));
            case RefundOutcome.WindowClosed w -> throw new ProblemException(ProblemType.REFUND_WINDOW_CLOSED.problem(
                    "Purchases can be refunded until " + w.endedAt() + "; that has passed.")
                    .with("purchaseId", w.purchaseId()).with("refundableUntil", w.endedAt().toString()));
            case RefundOutcome.AlreadyUsed u -> throw new ProblemException(ProblemType.ALREADY_USED.problem(
                    "What this purchase granted of '" + u.sku() + "' was used or replaced; it cannot be refunded.")
                    .with("purchaseId", u.purchaseId()).with("sku", u.sku()));
            case RefundOutcome.LimitReached l -> throw ProblemException.retryLater(ProblemType.REFUND_LIMIT_REACHED.problem(
                    "At most " + l.max() + " refunds in 30 days; the next is possible at " + l.resetsAt() + ".")
                    .with("maxPer30Days", l.max()).with("resetsAt", l.resetsAt().toString()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.between(clock.instant(), l.resetsAt()).toSeconds())));
            case RefundOutcome.IdempotencyKeyReused r -> throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSE.problem(
                    "This Idempotency-Key was used for a different request; use a new key."));
            case RefundOutcome.Contended c -> throw ProblemException.retryLater(ProblemType.WALLET_BUSY.problem(
                    "Too many simultaneous changes; retry with the same Idempotency-Key."), 1);
        };
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.PURCHASE_NOT_FOUND.problem("You made no purchase with this id."));
    }

    private static Optional<String> parseCursor(String cursor) {
        if (cursor == null) {
            return Optional.empty();
        }
        if (PURCHASE_ID.matcher(cursor).matches()) {
            return Optional.of(cursor);
        }
        throw new ProblemException(ProblemType.INVALID_CURSOR.problem("cursor must be a nextCursor value returned by this endpoint"));
    }
}

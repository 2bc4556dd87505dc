package dev.coinslot.api.topup;

import dev.coinslot.api.Caller;
import dev.coinslot.api.IdempotencyKeys;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.api.problem.Problems;
import dev.coinslot.application.topup.TopUpService;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpOutcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.LinkedHashMap;
import org.jboss.resteasy.reactive.RestResponse;

/** Credit packs and card top-ups (top-up function). */
@Path("/topups")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class TopUpResource {

    /** {@code currency}: one of the packs' currencies (ISO 4217); absent = the deployment's default. */
    public record TopUpRequest(@NotBlank @Size(max = 64) String packId, @Size(max = 16) String currency) {
    }

    public record PackView(String packId, long amountMinor, String currency, long baseCredits, long bonusCredits,
            long credits, long pricePer100CreditsMinor) {
        static PackView of(CreditPack p) {
            return new PackView(p.id(), p.price().amountMinor(), p.price().currency(), p.baseCredits().amount(),
                    p.bonusCredits().amount(), p.totalCredits().amount(), p.pricePer100CreditsMinor());
        }
    }

    /** The packs priced in {@code currency}; {@code currencies}: every currency they are sold in, the default first. */
    public record PacksView(String currency, List<String> currencies, List<PackView> packs) {
    }

    /** The answer to POST /topups; identical on replay (so it carries nothing that changes later, like status). */
    public record StartedView(String topUpId, String paymentIntentId, String clientSecret, String packId, long amountMinor,
            String currency, long credits, long baseCredits, long bonusCredits) {
    }

    public record TopUpView(String topUpId, String status, String packId, long amountMinor, String currency, long credits,
            long bonusCredits, String paymentIntentId, String createdAt) {
        static TopUpView of(TopUp t) {
            return new TopUpView(t.id(), t.status().name(), t.packId(), t.amount().amountMinor(), t.amount().currency(),
                    t.totalCredits().amount(), t.bonusCredits().amount(), t.paymentIntentId(), t.createdAt().toString());
        }
    }

    private final Caller caller;
    private final TopUpService topUps;
    private final String defaultCurrency;
    private final List<String> currencies;
    private final Map<String, PacksView> packsByCurrency = new LinkedHashMap<>();

    public TopUpResource(Caller caller, TopUpService topUps, CreditPacks packs) {
        this.caller = caller;
        this.topUps = topUps;
        this.defaultCurrency = packs.currency();
        this.currencies = packs.currencies();
        currencies.forEach(c -> packsByCurrency.put(c, new PacksView(c, currencies,
                packs.in(c).stream().map(PackView::of).toList())));
    }

    /** The packs in {@code currency} (the default when absent). */
    @GET
    @Path("/packs")
    public PacksView packs(@QueryParam("currency") String currency) {
        return packsByCurrency.get(offered(currency).orElse(defaultCurrency));
    }

    /** The currency asked for, if any; one the packs are not sold in is a {@code 400 unsupported-currency}. */
    private Optional<String> offered(String currency) {
        if (currency == null) {
            return Optional.empty();
        }
        if (!currencies.contains(currency)) {
            throw unsupported(currency, currencies);
        }
        return Optional.of(currency);
    }

    private static ProblemException unsupported(String currency, List<String> supported) {
        // the value is echoed only when it looks like a currency code
        String shown = currency.matches("[A-Za-z]{3}") ? currency : null;
        return new ProblemException(ProblemType.UNSUPPORTED_CURRENCY.problem(
                "Credit packs are sold in " + String.join(", ", supported) + " (upper-case ISO 4217 codes).")
                .with("currency", shown)
                .with("supportedCurrencies", supported));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<StartedView> start(HttpHeaders headers, @NotNull @Valid TopUpRequest request) {
        String userId = caller.requireUserId();
        String key = IdempotencyKeys.require(headers.getRequestHeader(IdempotencyKeys.HEADER));
        Optional<String> currency = offered(request.currency());
        return switch (topUps.start(userId, key, request.packId(), currency)) {
            case TopUpOutcome.Started s -> {
                TopUp t = s.topUp();
                yield RestResponse.ResponseBuilder.<StartedView>create(201)
                        .type(MediaType.APPLICATION_JSON)
                        .header("Idempotent-Replayed", Boolean.toString(s.replayed()))
                        .entity(new StartedView(t.id(), t.paymentIntentId(), s.clientSecret(), t.packId(),
                                t.amount().amountMinor(), t.amount().currency(), t.totalCredits().amount(),
                                t.baseCredits().amount(), t.bonusCredits().amount()))
                        .build();
            }
            case TopUpOutcome.UnknownPack u -> throw new ProblemException(
                    ProblemType.UNKNOWN_PACK.problem("No credit pack is called '" + u.packId() + "'.")
                            .with("packId", u.packId()));
            case TopUpOutcome.IdempotencyKeyReused r -> throw new ProblemException(
                    ProblemType.IDEMPOTENCY_KEY_REUSE.problem(
                            "This Idempotency-Key was used for a different request; use a new key for a new top-up."));
            case TopUpOutcome.TooManyTopUps t -> throw ProblemException.retryLater(
                    ProblemType.TOO_MANY_TOP_UPS.problem(
                            "At most " + t.maxPerHour() + " top-ups can be started per hour; try again after "
                                    + t.resetsAt() + ".")
                            .with("maxPerHour", t.maxPerHour())
                            .with("resetsAt", t.resetsAt().toString()),
                    (int) t.retryAfterSeconds());
            case TopUpOutcome.UnsupportedCurrency u -> throw unsupported(u.currency(), u.supported());
            case TopUpOutcome.PaymentsNotConfigured n -> throw new ProblemException(ProblemType.PAYMENTS_NOT_CONFIGURED.problem(
                    "This deployment has no Stripe key (STRIPE_SECRET_KEY); top-ups are off, checkout still works."));
        };
    }

    @GET
    @Path("/{id}")
    public TopUpView get(@PathParam("id") String id) {
        String userId = caller.requireUserId();
        if (id == null || id.length() > 64 || !id.matches("top_[0-9a-f]{1,40}")) {
            throw new ProblemException(Problems.notFound("No such top-up."));
        }
        return topUps.find(userId, id).map(TopUpView::of)
                .orElseThrow(() -> new ProblemException(Problems.notFound("No such top-up.")));
    }
}

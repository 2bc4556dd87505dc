package dev.coinslot.api.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.api.Caller;
import dev.coinslot.api.PageLimit;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.api.store.CatalogDocs.CatalogBody;
import dev.coinslot.api.store.CatalogDocs.CatalogView;
import dev.coinslot.api.store.CatalogDocs.SkuDoc;
import dev.coinslot.application.store.CatalogAdmin;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.store.CatalogChange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/**
 * The operator's catalog routes (admin function). Every route first requires an access token with the operator scope
 * ({@link Caller#requireOperator}): a user token gets {@code 403 forbidden} before anything is read or parsed beyond the
 * body's syntax. Changes are validated as a whole document ({@code 422 invalid-catalog} lists every problem), stored as
 * the next version with an audit record naming the operator's {@code sub}, and repeat safely (storing what is already
 * stored writes nothing).
 */
@Path("/admin/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class AdminCatalogResource {

    /** One audited change: for a SKU change, the SKU before and after; for an import, the documents. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangeView(long version, String operator, String at, String action, String sku, SkuDoc skuBefore,
            SkuDoc skuAfter, CatalogView before, CatalogView after) {

        static ChangeView of(CatalogChange c) {
            if (c.skuId().isPresent()) {
                String id = c.skuId().get();
                return new ChangeView(c.version(), c.operator(), c.at().toString(), slug(c.action()), id,
                        c.before().flatMap(b -> b.catalog().find(id)).map(SkuDoc::of).orElse(null),
                        c.after().catalog().find(id).map(SkuDoc::of).orElse(null), null, null);
            }
            return new ChangeView(c.version(), c.operator(), c.at().toString(), slug(c.action()), null, null, null,
                    c.before().map(CatalogView::of).orElse(null), CatalogView.of(c.after()));
        }

        private static String slug(CatalogChange.Action action) {
            return switch (action) {
                case PUT_SKU -> "put-sku";
                case RETIRE_SKU -> "retire-sku";
                case IMPORT -> "import";
            };
        }
    }

    /** A page of changes, newest first; {@code nextBefore} is the {@code before} of the next page (null: last page). */
    public record ChangesView(List<ChangeView> changes, Long nextBefore) {
    }

    private final Caller caller;
    private final CatalogAdmin admin;

    public AdminCatalogResource(Caller caller, CatalogAdmin admin) {
        this.caller = caller;
        this.admin = admin;
    }

    @GET
    public CatalogView catalog() {
        caller.requireOperator();
        return CatalogView.of(admin.current());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public CatalogView importCatalog(@NotNull @Valid CatalogBody body) {
        String operator = caller.requireOperator();
        CatalogDocs.Parsed<CatalogDocs.Document> parsed = CatalogDocs.document(body);
        if (!parsed.problems().isEmpty()) {
            throw invalid(parsed.problems());
        }
        CatalogDocs.Document d = parsed.value();
        return answer(admin.importDocument(operator, d.skus(), d.offers(), d.rotation()));
    }

    @PUT
    @Path("/skus/{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public CatalogView putSku(@PathParam("sku") String sku, @NotNull @Valid SkuDoc body) {
        String operator = caller.requireOperator();
        String id = skuId(sku);
        if (body.sku() != null && !body.sku().equals(id)) {
            throw invalid(List.of("the body's sku '" + body.sku() + "' differs from the path's '" + id + "'"));
        }
        CatalogDocs.Parsed<dev.coinslot.domain.Sku> parsed = CatalogDocs.sku(body.withId(id));
        if (!parsed.problems().isEmpty()) {
            throw invalid(parsed.problems());
        }
        return answer(admin.putSku(operator, parsed.value()));
    }

    @POST
    @Path("/skus/{sku}/retire")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public CatalogView retire(@PathParam("sku") String sku) {
        String operator = caller.requireOperator();
        return answer(admin.retire(operator, skuId(sku)));
    }

    @GET
    @Path("/changes")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public ChangesView changes(@QueryParam("limit") String limit, @QueryParam("before") String before) {
        caller.requireOperator();
        int size = PageLimit.parse(limit);
        List<CatalogChange> page = admin.changes(size, parseBefore(before));
        Long next = page.size() == size && page.get(page.size() - 1).version() > 1 ? page.get(page.size() - 1).version() : null;
        return new ChangesView(page.stream().map(ChangeView::of).toList(), next);
    }

    private static CatalogView answer(CatalogAdmin.Outcome outcome) {
        return switch (outcome) {
            case CatalogAdmin.Outcome.Saved saved -> CatalogView.of(saved.document());
            case CatalogAdmin.Outcome.Invalid invalid -> throw invalid(invalid.problems());
            case CatalogAdmin.Outcome.UnknownSku unknown -> throw new ProblemException(ProblemType.UNKNOWN_SKU.problem(
                    "No catalog item is called '" + unknown.skuId() + "'.").with("sku", unknown.skuId()));
            case CatalogAdmin.Outcome.Busy busy -> throw ProblemException.retryLater(ProblemType.SERVICE_UNAVAILABLE.problem(
                    "Other catalog changes kept winning the race; retry."), 1);
        };
    }

    private static ProblemException invalid(List<String> problems) {
        return new ProblemException(ProblemType.INVALID_CATALOG.problem(
                "The catalog would break " + problems.size() + " rule(s); nothing was changed.").with("problems", problems));
    }

    private static String skuId(String sku) {
        if (sku == null || !Catalog.ID.matcher(sku).matches()) {
            throw invalid(List.of("sku id must match " + Catalog.ID.pattern()));
        }
        return sku;
    }

    private static Optional<Long> parseBefore(String before) {
        if (before == null) {
            return Optional.empty();
        }
        if (before.matches("[0-9]{1,18}") && Long.parseLong(before) > 1) {
            return Optional.of(Long.parseLong(before));
        }
        throw new ProblemException(ProblemType.INVALID_CURSOR.problem(
                "before must be a nextBefore value returned by this endpoint"));
    }

}

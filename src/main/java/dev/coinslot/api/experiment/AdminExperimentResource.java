package dev.coinslot.api.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.api.Caller;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.experiment.Experiments;
import dev.coinslot.application.experiment.Experiments.Defined;
import dev.coinslot.application.port.ExperimentStore.Saved;
import dev.coinslot.domain.experiment.Experiment;
import dev.coinslot.domain.experiment.ExperimentReport;
import dev.coinslot.domain.experiment.Variant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The operator's price experiments (admin function, operator scope like every {@code /admin} route). A definition can
 * be created and changed until it starts; after that only stopped. The report compares each variant with the control.
 */
@Path("/admin/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class AdminExperimentResource {

    public record VariantBody(String name, Long priceCredits, Integer weight) {
    }

    public record ExperimentBody(String sku, List<VariantBody> variants, String startsAt, String endsAt) {
    }

    public record VariantView(String name, long priceCredits, int weight) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExperimentView(String experimentId, String sku, List<VariantView> variants, String startsAt,
            String endsAt, String stoppedAt, String control) {
        static ExperimentView of(Experiment e) {
            return new ExperimentView(e.id(), e.sku(), e.variants().stream()
                    .map(v -> new VariantView(v.name(), v.priceCredits(), v.weight())).toList(), e.startsAt().toString(),
                    e.endsAt().toString(), e.stoppedAt().map(Object::toString).orElse(null), e.control().name());
        }
    }

    public record ExperimentsView(List<ExperimentView> experiments) {
    }

    public record RowView(String name, long priceCredits, long exposed, long converters, double conversion,
            double conversionLow95, double conversionHigh95, double creditsPerExposed,
            Map<String, Double> revenuePerExposedMinor, Double pValueVsControl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerdictView(String outcome, String winner, Double pValue, Double threshold, Long minSample,
            Long smallestSample) {
        static VerdictView of(ExperimentReport.Verdict verdict) {
            return switch (verdict) {
                case ExperimentReport.Verdict.Winner w -> new VerdictView("winner", w.variant(), w.pValue(), null, null, null);
                case ExperimentReport.Verdict.NoSignificantDifference n ->
                        new VerdictView("no-significant-difference", null, n.smallestPValue(), n.threshold(), null, null);
                case ExperimentReport.Verdict.NotEnoughData n ->
                        new VerdictView("not-enough-data", null, null, null, n.minSample(), n.smallestSample());
            };
        }
    }

    public record ReportView(String experimentId, List<RowView> variants, VerdictView verdict) {
    }

    private final Caller caller;
    private final Experiments experiments;

    public AdminExperimentResource(Caller caller, Experiments experiments) {
        this.caller = caller;
        this.experiments = experiments;
    }

    @GET
    public ExperimentsView all() {
        caller.requireOperator();
        return new ExperimentsView(experiments.all().stream().map(ExperimentView::of).toList());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ExperimentView> define(@PathParam("id") String id, @NotNull @Valid ExperimentBody body) {
        String operator = caller.requireOperator();
        List<String> problems = new ArrayList<>();
        Instant startsAt = instant("startsAt", body.startsAt(), problems);
        Instant endsAt = instant("endsAt", body.endsAt(), problems);
        List<Variant> variants = new ArrayList<>();
        for (VariantBody v : body.variants() == null ? List.<VariantBody>of() : body.variants()) {
            if (v == null || v.priceCredits() == null || v.weight() == null) {
                problems.add("each variant needs name, priceCredits and weight");
            } else {
                variants.add(new Variant(v.name(), v.priceCredits(), v.weight()));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return switch (experiments.define(id, body.sku(), variants, startsAt, endsAt, operator)) {
            case Defined.Invalid i -> throw invalid(i.problems());
            case Defined.UnknownSku u -> throw new ProblemException(ProblemType.UNKNOWN_SKU.problem(
                    "No SKU of the current catalog is called '" + u.sku() + "'.").with("sku", u.sku()));
            case Defined.Overlaps o -> throw new ProblemException(ProblemType.EXPERIMENT_OVERLAPS.problem(
                    "Experiment '" + o.otherExperimentId() + "' prices this SKU during part of the same time.")
                    .with("sku", body.sku()).with("otherExperimentId", o.otherExperimentId()));
            case Defined.Saved s -> switch (s.saved()) {
                case Saved.Created c -> RestResponse.status(RestResponse.Status.CREATED, ExperimentView.of(c.experiment()));
                case Saved.Replaced r -> RestResponse.ok(ExperimentView.of(r.experiment()));
                case Saved.Unchanged u -> RestResponse.ok(ExperimentView.of(u.experiment()));
                case Saved.AlreadyStarted a -> throw new ProblemException(ProblemType.EXPERIMENT_STARTED.problem(
                        "This experiment started at " + a.experiment().startsAt()
                                + "; a running experiment can only be stopped (define a new one for other prices).")
                        .with("experimentId", id).with("startsAt", a.experiment().startsAt().toString()));
            };
        };
    }

    @POST
    @Path("/{id}/stop")
    public ExperimentView stop(@PathParam("id") String id) {
        String operator = caller.requireOperator();
        return ExperimentView.of(experiments.stop(known(id), operator).orElseThrow(() -> unknown(id)));
    }

    @GET
    @Path("/{id}/report")
    public ReportView report(@PathParam("id") String id) {
        caller.requireOperator();
        ExperimentReport report = experiments.report(known(id)).orElseThrow(() -> unknown(id));
        return new ReportView(report.experimentId(), report.variants().stream().map(r -> new RowView(r.name(),
                r.priceCredits(), r.exposed(), r.converters(), r.conversion(), r.conversionLow(), r.conversionHigh(),
                r.creditsPerExposed(), r.revenuePerExposedMinor(), r.pValue())).toList(), VerdictView.of(report.verdict()));
    }

    private static String known(String id) {
        if (id == null || !Experiment.ID.matcher(id).matches()) {
            throw unknown(id);
        }
        return id;
    }

    private static ProblemException unknown(String id) {
        boolean printable = id != null && Experiment.ID.matcher(id).matches();
        return new ProblemException(ProblemType.UNKNOWN_EXPERIMENT.problem("No experiment has this id.")
                .with("experimentId", printable ? id : null));
    }

    private static Instant instant(String field, String value, List<String> problems) {
        if (value == null) {
            problems.add(field + " is required (ISO-8601, e.g. 2026-12-24T00:00:00Z)");
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(field + " must be an ISO-8601 instant, e.g. 2026-12-24T00:00:00Z");
            return null;
        }
    }

    private static ProblemException invalid(List<String> problems) {
        return new ProblemException(ProblemType.INVALID_EXPERIMENT.problem(
                "The experiment breaks " + problems.size() + " rule(s); nothing was stored.").with("problems", problems));
    }
}

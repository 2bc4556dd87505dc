package dev.coinslot.api.metrics;

import dev.coinslot.api.Caller;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.metrics.MetricsQueries;
import dev.coinslot.domain.metrics.MetricsReport;
import dev.coinslot.domain.metrics.MetricsReport.GroupBy;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /admin/metrics?from&to&groupBy} on the admin function (operator scope, checked by the gateway and by
 * {@code OperatorOnly}): the store's numbers for the UTC days [from, to) from the daily aggregates (README "Metrics").
 */
@Path("/admin/metrics")
public class AdminMetricsResource {

    /** Counts and formulas of a period or a group; ratios {@code null} without a denominator. */
    @RegisterForReflection
    public record FiguresView(long activeUsers, long purchasers, long payers, long purchases, long quantity,
            long creditsSpent, long topUps, long topUpMinor, long topUpCredits, long clawbacks, long clawedBackCredits,
            long purchaseRefunds, long refundedCredits, long netCreditsSpent, BigDecimal conversion, BigDecimal arpuMinor, BigDecimal arpuCredits, BigDecimal arppuMinor,
            BigDecimal arppuCredits, BigDecimal purchaseFrequency) {
        static FiguresView of(MetricsReport.Figures f) {
            return new FiguresView(f.activeUsers(), f.purchasers(), f.payers(), f.purchases(), f.quantity(),
                    f.creditsSpent(), f.topUps(), f.topUpMinor(), f.topUpCredits(), f.clawbacks(), f.clawedBackCredits(),
                    f.purchaseRefunds(), f.refundedCredits(), f.netCreditsSpent(), f.conversion(), f.arpuMinor(), f.arpuCredits(), f.arppuMinor(), f.arppuCredits(),
                    f.purchaseFrequency());
        }
    }

    @RegisterForReflection
    public record ChurnView(String previousFrom, long previousPayers, long churned, BigDecimal rate) {
    }

    @RegisterForReflection
    public record RowView(String key, FiguresView figures) {
    }

    @RegisterForReflection
    public record TopSellerView(String sku, long purchases, long quantity, long creditsSpent, long purchasers,
            long refunds, long refundedCredits, long netCreditsSpent) {
    }

    @RegisterForReflection
    public record MetricsView(String from, String to, String groupBy, String currency, FiguresView total,
            ChurnView churn, List<RowView> rows, List<TopSellerView> topSellers) {
        static MetricsView of(MetricsReport r) {
            return new MetricsView(r.from().toString(), r.to().toString(), r.groupBy().name(), r.currency(),
                    FiguresView.of(r.total()), new ChurnView(r.churn().previousFrom().toString(),
                            r.churn().previousPayers(), r.churn().churned(), r.churn().rate()),
                    r.rows().stream().map(row -> new RowView(row.key(), FiguresView.of(row.figures()))).toList(),
                    r.topSellers().stream().map(t -> new TopSellerView(t.sku(), t.purchases(), t.quantity(),
                            t.creditsSpent(), t.purchasers(), t.refunds(), t.refundedCredits(), t.netCreditsSpent()))
                            .toList());
        }
    }

    private final Caller caller;
    private final MetricsQueries queries;

    public AdminMetricsResource(Caller caller, MetricsQueries queries) {
        this.caller = caller;
        this.queries = queries;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public MetricsView metrics(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy) {
        caller.requireOperator();
        LocalDate start = day("from", from);
        LocalDate end = day("to", to);
        long days = ChronoUnit.DAYS.between(start, end);
        if (days < 1 || days > MetricsQueries.MAX_DAYS) {
            throw period("to must be 1 to " + MetricsQueries.MAX_DAYS + " days after from");
        }
        return MetricsView.of(queries.report(start, end, groupBy(groupBy)));
    }

    private static LocalDate day(String name, String value) {
        if (value == null || !value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            throw period(name + " must be a UTC day, yyyy-mm-dd");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw period(name + " is not a calendar day");
        }
    }

    private static GroupBy groupBy(String value) {
        if (value == null) {
            return GroupBy.day;
        }
        return Arrays.stream(GroupBy.values()).filter(g -> g.name().equals(value)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.INVALID_GROUP_BY.problem(
                        "groupBy must be one of " + Arrays.toString(GroupBy.values()))
                        .with("allowed", Arrays.stream(GroupBy.values()).map(Enum::name).toList())));
    }

    private static ProblemException period(String detail) {
        return new ProblemException(ProblemType.INVALID_PERIOD.problem(detail).with("maxDays", MetricsQueries.MAX_DAYS));
    }
}

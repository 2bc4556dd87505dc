package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.config.CoinslotConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operational metrics as CloudWatch embedded metric format (EMF) lines: one JSON object per line on stdout, which
 * Lambda ships to the function's log group as it is and CloudWatch turns into metrics in the {@code Coinslot}
 * namespace (dimension {@code Function}, plus {@code ProblemType} or {@code Outcome}). Read from each invocation's
 * answer, so the checkout's two paths and every refusal are counted in one place:
 * <ul>
 * <li>{@code Checkouts}: {@code POST /checkout} answered 201 (not a replay);</li>
 * <li>{@code TopUpsStarted}: {@code POST /topups} answered 201 (not a replay);</li>
 * <li>{@code Refusals} by {@code ProblemType}: every problem+json answer, by its type's slug;</li>
 * <li>{@code WebhookEvents} by {@code Outcome} and {@code WebhookLagSeconds} (now minus the event's
 * {@code created}): verified Stripe deliveries;</li>
 * <li>{@code MetricsFactsAdded}, {@code MetricsRecordsFailed}: the metrics function's batches.</li>
 * </ul>
 * No identifiers, amounts or bodies are written: names, counts and seconds only.
 */
@ApplicationScoped
public class OperationalMetrics {

    public static final String NAMESPACE = "Coinslot";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How every line starts: the timestamp is the first field written. */
    private static final String TIMESTAMP_PREFIX = "{\"_aws\":{\"Timestamp\":";

    private final String function;
    private final Clock clock;
    /**
     * A count-of-one line without its timestamp, by dimensions and metric name: the checkout's line is the same on
     * every invocation except for the time, so it is built once (a tree and its serialisation per checkout cost more
     * than the rest of the answer). Keys are bounded: metric names and dimension values come from fixed sets
     * (problem slugs, webhook outcomes).
     */
    private final Map<Map<String, String>, Map<String, String>> countTails = new ConcurrentHashMap<>();

    @Inject
    public OperationalMetrics(CoinslotConfig config, Clock clock) {
        this(config.function().name(), clock);
    }

    public OperationalMetrics(String function, Clock clock) {
        this.function = function;
        this.clock = clock;
    }

    /** Writes the lines of one HTTP invocation. */
    public void record(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        for (String line : lines(event, response)) {
            System.out.println(line);
        }
    }

    /** Writes the line of one stream batch. */
    public void recordBatch(int added, int failed) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("MetricsFactsAdded", (long) added);
        values.put("MetricsRecordsFailed", (long) failed);
        System.out.println(line(Map.of(), values, "Count"));
    }

    /** The EMF lines for one invocation's answer (none for most answers). */
    public List<String> lines(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        List<String> lines = new ArrayList<>();
        if (event == null || response == null || event.getRequestContext() == null
                || event.getRequestContext().getHttp() == null) {
            return lines;
        }
        String method = event.getRequestContext().getHttp().getMethod();
        String path = event.getRawPath();
        int status = response.getStatusCode();
        boolean replayed = "true".equals(header(response, "Idempotent-Replayed"));
        if (status == 201 && !replayed && "POST".equals(method)) {
            if ("/checkout".equals(path)) {
                lines.add(countOfOne(Map.of(), "Checkouts"));
            } else if ("/topups".equals(path)) {
                lines.add(countOfOne(Map.of(), "TopUpsStarted"));
            }
        }
        if (status >= 400) {
            problemSlug(response).ifPresent(slug -> lines.add(countOfOne(Map.of("ProblemType", slug), "Refusals")));
        }
        if (status == 200 && "POST".equals(method) && "/webhooks/stripe".equals(path)) {
            Optional<String> outcome = field(response.getBody(), "outcome");
            outcome.ifPresent(o -> lines.add(countOfOne(Map.of("Outcome", o), "WebhookEvents")));
            field(event.getIsBase64Encoded() ? null : event.getBody(), "created").ifPresent(created -> {
                try {
                    long lag = clock.instant().getEpochSecond() - Long.parseLong(created);
                    lines.add(line(Map.of(), Map.of("WebhookLagSeconds", Math.max(0, lag)), "Seconds"));
                } catch (NumberFormatException ignored) {
                    // not a number: no lag to report
                }
            });
        }
        return lines;
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> h : response.getHeaders().entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    private static Optional<String> problemSlug(APIGatewayV2HTTPResponse response) {
        String type = header(response, "Content-Type");
        if (type == null || !type.startsWith("application/problem+json") || response.getIsBase64Encoded()) {
            return Optional.empty();
        }
        return field(response.getBody(), "type").map(t -> t.substring(t.lastIndexOf('/') + 1))
                .filter(slug -> slug.matches("[a-z0-9-]{1,64}"));
    }

    private static Optional<String> field(String json, String name) {
        if (json == null || json.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode value = node == null ? null : node.get(name);
            return value == null || value.isNull() || value.isContainerNode() ? Optional.empty()
                    : Optional.of(value.asText());
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }

    /** The line counting one {@code metric} by {@code dimensions}: {@link #line}'s text, built once per key. */
    private String countOfOne(Map<String, String> dimensions, String metric) {
        String tail = countTails.computeIfAbsent(dimensions, d -> new ConcurrentHashMap<>()).computeIfAbsent(metric, m -> {
            String full = line(dimensions, Map.of(m, 1L), "Count", 0L);
            return full.substring(TIMESTAMP_PREFIX.length() + 1); // after the "0"
        });
        return TIMESTAMP_PREFIX + clock.millis() + tail;
    }

    private String line(Map<String, String> dimensions, Map<String, Long> values, String unit) {
        return line(dimensions, values, unit, clock.millis());
    }

    private String line(Map<String, String> dimensions, Map<String, Long> values, String unit, long millis) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", millis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensionSet.add("Function");
        dimensions.keySet().forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        values.keySet().forEach(m -> metrics.addObject().put("Name", m).put("Unit", unit));
        root.put("Function", function);
        dimensions.forEach(root::put);
        values.forEach(root::put);
        return root.toString();
    }
}

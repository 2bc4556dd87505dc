package dev.coinslot.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.coinslot.api.lambda.FunctionRoutes;
import dev.coinslot.api.lambda.FunctionRoutes.Route;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API's CORS configuration lets a browser call every route a browser calls: for each one, the preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method} and {@code -Headers}) that a browser sends is evaluated
 * the way API Gateway evaluates it against {@code CorsConfiguration}. The webhook route is called by Stripe's servers
 * only and needs no CORS.
 */
class CorsTemplateTest {

    /** Routes whose requests must carry an {@code Idempotency-Key} header (they answer 400 without one). */
    static final Set<String> IDEMPOTENT = Set.of("POST /checkout", "POST /topups");

    private static JsonNode template;
    private static JsonNode cors;

    @BeforeAll
    static void load() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(new File("infra/template.yaml"));
        cors = template.path("Resources").path("HttpApi").path("Properties").path("CorsConfiguration");
    }

    /**
     * The routes a browser calls: every HTTP API route except the webhook function's (Stripe calls it); an operator's
     * console may call the admin routes from a browser too.
     */
    static List<Route> browserRoutes() {
        List<Route> routes = new ArrayList<>(FunctionRoutes.of(FunctionName.checkout));
        routes.addAll(FunctionRoutes.of(FunctionName.topup));
        routes.addAll(FunctionRoutes.of(FunctionName.admin));
        return routes;
    }

    /** The non-safelisted headers a browser sends on {@code route}: the ones its preflight asks for. */
    static List<String> headersNeeded(Route route) {
        List<String> headers = new ArrayList<>();
        if (FunctionRoutes.PUBLIC.stream().noneMatch(p -> p.toString().equals(route.toString()))) {
            headers.add("Authorization");
        }
        if (route.method().equals("POST") || route.method().equals("PUT")) {
            headers.add("Content-Type"); // application/json is not a CORS-safelisted content type
        }
        if (IDEMPOTENT.contains(route.toString())) {
            headers.add("Idempotency-Key");
        }
        return headers;
    }

    @Test
    void everyBrowserRoute_passesItsPreflight_withTheMethodAndHeadersItUses() {
        String origin = allowedOrigins().get(0);
        List<String> refused = new ArrayList<>();
        for (Route route : browserRoutes()) {
            String problem = preflight(origin, route.method(), headersNeeded(route));
            if (problem != null) {
                refused.add(route + ": " + problem);
            }
        }
        assertEquals(List.of(), refused, "preflights API Gateway would refuse");
    }

    @Test
    void browsersCanRead_retryAfterAndIdempotentReplayed() {
        Set<String> exposed = lowerCase(cors.path("ExposeHeaders"));
        assertTrue(exposed.contains("retry-after"), "429 and 503 answers tell when to retry: " + exposed);
        assertTrue(exposed.contains("idempotent-replayed"), exposed.toString());
    }

    @Test
    void thePreflightCheck_refusesWhatIsNotConfigured() {
        String origin = allowedOrigins().get(0);
        assertEquals(null, preflight(origin, "PUT", List.of("Authorization", "Content-Type")));
        assertFalse(preflight(origin, "PATCH", List.of()) == null, "PATCH is used by no route");
        assertFalse(preflight(origin, "GET", List.of("X-Demo-User")) == null, "X-Demo-User is dev-only");
        assertFalse(preflight("https://evil.example", "GET", List.of()) == null, "unknown origin");
        assertFalse(cors.path("AllowOrigins").toString().contains("*"), "no wildcard origin");
    }

    /** API Gateway's preflight decision: {@code null} if allowed, otherwise why not. */
    private static String preflight(String origin, String method, List<String> requestHeaders) {
        if (!allowedOrigins().contains(origin)) {
            return "origin " + origin + " not allowed";
        }
        Set<String> methods = new TreeSet<>();
        cors.path("AllowMethods").forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
        if (!methods.contains(method) && !methods.contains("*")) {
            return "method " + method + " not in AllowMethods " + methods;
        }
        Set<String> allowed = lowerCase(cors.path("AllowHeaders"));
        for (String h : requestHeaders) {
            if (!allowed.contains(h.toLowerCase(Locale.ROOT)) && !allowed.contains("*")) {
                return "header " + h + " not in AllowHeaders " + allowed;
            }
        }
        return null;
    }

    /** AllowOrigins: a list, or a !Ref to the CorsAllowedOrigins parameter (its default). */
    private static List<String> allowedOrigins() {
        JsonNode origins = cors.path("AllowOrigins");
        List<String> values = new ArrayList<>();
        if (origins.isArray()) {
            origins.forEach(o -> values.add(o.asText()));
        } else {
            String parameter = origins.asText();
            JsonNode p = template.path("Parameters").path(parameter);
            assertFalse(p.isMissingNode(), "AllowOrigins refers to an unknown parameter " + parameter);
            for (String o : p.path("Default").asText().split(",")) {
                values.add(o.trim());
            }
        }
        return values;
    }

    private static Set<String> lowerCase(JsonNode list) {
        Set<String> values = new TreeSet<>();
        list.forEach(v -> values.add(v.asText().toLowerCase(Locale.ROOT)));
        return values;
    }
}

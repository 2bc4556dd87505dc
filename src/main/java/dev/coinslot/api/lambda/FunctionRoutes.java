package dev.coinslot.api.lambda;

import dev.coinslot.config.CoinslotConfig.FunctionName;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which routes each Lambda function serves. The SAM template must route exactly these to each function (a test
 * checks), and {@link RouteGuard} answers 404 for any other route reaching a function, even if the gateway were
 * misconfigured.
 */
public final class FunctionRoutes {

    /** A route as API Gateway writes it: {@code METHOD /path/{param}}. Registered like every record of the API. */
    @RegisterForReflection
    public record Route(String method, String path, Pattern pattern) {
        public Route(String method, String path) {
            this(method, path, Pattern.compile(path.replaceAll("\\{[^/]+}", "[^/]+")));
        }

        public boolean matches(String m, String p) {
            return method.equals(m) && pattern.matcher(p).matches();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public static final Map<FunctionName, List<Route>> ROUTES = Map.of(
            FunctionName.checkout, List.of(
                    new Route("GET", "/catalog"),
                    new Route("GET", "/loyalty/rules"),
                    new Route("POST", "/rewards/daily"),
                    new Route("POST", "/grants"),
                    new Route("GET", "/wallet"),
                    new Route("GET", "/wallet/ledger"),
                    new Route("PUT", "/wallet/limits"),
                    new Route("PUT", "/wallet/auto-top-up"),
                    new Route("POST", "/wallet/guardian-invites"),
                    new Route("PUT", "/guardian/wallets/{userId}/limits"),
                    new Route("POST", "/guardian/links"),
                    new Route("DELETE", "/guardian/wallets/{userId}/link"),
                    new Route("POST", "/checkout"),
                    new Route("GET", "/storefront"),
                    new Route("GET", "/entitlements"),
                    new Route("GET", "/entitlements/{sku}"),
                    new Route("POST", "/entitlements/{sku}/consume"),
                    new Route("GET", "/purchases"),
                    new Route("POST", "/purchases/{purchaseId}/refund"),
                    new Route("GET", "/access/{userId}/{sku}")),
            FunctionName.topup, List.of(
                    new Route("GET", "/topups/packs"),
                    new Route("POST", "/topups"),
                    new Route("GET", "/topups/{id}")),
            FunctionName.webhook, List.of(
                    new Route("POST", "/webhooks/stripe")),
            FunctionName.admin, List.of(
                    new Route("GET", "/admin/catalog"),
                    new Route("PUT", "/admin/catalog"),
                    new Route("PUT", "/admin/catalog/skus/{sku}"),
                    new Route("POST", "/admin/catalog/skus/{sku}/retire"),
                    new Route("GET", "/admin/catalog/changes"),
                    new Route("GET", "/admin/experiments"),
                    new Route("PUT", "/admin/experiments/{id}"),
                    new Route("POST", "/admin/experiments/{id}/stop"),
                    new Route("GET", "/admin/experiments/{id}/report"),
                    new Route("GET", "/admin/metrics")));

    /** Routes a function serves to scheduled invocations only: no API Gateway route leads to them. */
    public static final Map<FunctionName, List<Route>> INTERNAL = Map.of(
            FunctionName.webhook, List.of(new Route("POST", "/internal/sweep")));

    /** Routes that need an access token with the guardian scope (the gateway route lists it; the code checks it too). */
    public static final List<Route> GUARDIAN = List.of(new Route("PUT", "/guardian/wallets/{userId}/limits"),
            new Route("POST", "/guardian/links"), new Route("DELETE", "/guardian/wallets/{userId}/link"));

    /**
     * Routes for the operator's own services: IAM (SigV4) authorization at the gateway instead of a JWT, and the code
     * refuses events carrying JWT claims.
     */
    public static final List<Route> IAM = List.of(new Route("GET", "/access/{userId}/{sku}"), new Route("POST", "/grants"));

    /** Routes that need an access token with the operator scope: every route of the admin function. */
    public static final List<Route> OPERATOR = ROUTES.get(FunctionName.admin);

    /** Routes that need no JWT (the gateway route has no authorizer). */
    public static final List<Route> PUBLIC = List.of(new Route("GET", "/catalog"), new Route("GET", "/loyalty/rules"),
            new Route("GET", "/topups/packs"),
            new Route("POST", "/webhooks/stripe"));

    private FunctionRoutes() {
    }

    /** The HTTP API routes of a function. */
    public static List<Route> of(FunctionName function) {
        return ROUTES.getOrDefault(function, List.of());
    }

    /** Everything a function answers: its HTTP API routes and its internal ones. */
    public static List<Route> served(FunctionName function) {
        List<Route> all = new java.util.ArrayList<>(of(function));
        all.addAll(INTERNAL.getOrDefault(function, List.of()));
        return List.copyOf(all);
    }
}

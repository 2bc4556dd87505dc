package dev.coinslot.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.config.StripeConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/**
 * Dev mode only: {@code GET /config.js}, the storefront page's settings (same origin API, demo identity, and how
 * top-ups are paid: the payments simulator, or Stripe with {@code STRIPE_PUBLISHABLE_KEY}). A deployed page gets the
 * same object from the template's CloudFront function instead. Absent from prod builds.
 */
@IfBuildProfile("dev")
@Path("/config.js")
public class StorefrontConfigScript {

    private final String script;

    public StorefrontConfigScript(ObjectMapper json, StripeConfig stripe, SimulatedPaymentGateway payments)
            throws JsonProcessingException {
        ObjectNode config = json.createObjectNode();
        config.put("apiBase", "");
        config.put("auth", "demo");
        config.put("payments", payments.simulated() ? "simulator" : "stripe");
        config.put("stripePublishableKey", stripe.publishableKey().map(String::trim).filter(k -> !k.isEmpty()).orElse(null));
        this.script = "window.COINSLOT_CONFIG = " + json.writeValueAsString(config) + ";\n";
    }

    @GET
    @Produces("text/javascript")
    public Response script() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(script).cacheControl(noStore).build();
    }
}

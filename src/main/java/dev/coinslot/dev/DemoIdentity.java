package dev.coinslot.dev;

import dev.coinslot.api.DevIdentity;
import dev.coinslot.config.CoinslotConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Dev mode only: with no JWT claims, the caller is the {@code X-Demo-User} header's user or the configured demo user.
 * Prod builds contain no such bean, so there a request without claims is always 401.
 */
@IfBuildProfile("dev")
@RequestScoped
public class DemoIdentity implements DevIdentity {

    private final HttpServerRequest request;
    private final CoinslotConfig config;

    public DemoIdentity(HttpServerRequest request, CoinslotConfig config) {
        this.request = request;
        this.config = config;
    }

    @Override
    public Optional<String> userId() {
        String header = request.getHeader("X-Demo-User");
        return Optional.of(header != null && !header.isBlank() ? header.trim() : config.dev().demoUser());
    }
}

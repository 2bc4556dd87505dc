package dev.coinslot.dev;

import dev.coinslot.api.Caller;
import dev.coinslot.api.DevIdentity;
import dev.coinslot.config.CoinslotConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Dev mode only: with no JWT claims, the caller is the {@code X-Demo-User} header's user or the configured demo user.
 * The header is held to the rules of a JWT subject, so a value no identity provider would issue answers 401.
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
        return resolve(request.getHeader("X-Demo-User"), config.dev().demoUser());
    }

    /**
     * The demo caller: the header's user, validated like a JWT subject (at most 200 characters, no control
     * characters), or {@code demoUser} without a header; empty (so 401) for a value no JWT subject could have.
     */
    static Optional<String> resolve(String header, String demoUser) {
        if (header == null || header.isBlank()) {
            return Optional.of(demoUser);
        }
        String user = header.trim();
        return Caller.isValidSubject(user) ? Optional.of(user) : Optional.empty();
    }
}

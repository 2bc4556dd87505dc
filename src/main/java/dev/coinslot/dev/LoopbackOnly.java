package dev.coinslot.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.config.CoinslotConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Dev mode only: answers requests from this machine only. Dev mode's port (8080) belongs to Quarkus's Lambda mock event
 * server, which listens on every interface and has no setting for its address; it turns each HTTP request into an API
 * Gateway event whose source IP is the TCP peer, which is the remote address seen here. Anything else gets
 * {@code 403}, because the demo identity ({@code X-Demo-User}) lets any caller act as any user.
 * {@code coinslot.dev.remote-clients=true} switches this off.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LoopbackOnly {

    void register(@Observes Filters filters, CoinslotConfig config, ObjectMapper json) throws JsonProcessingException {
        if (config.dev().remoteClients()) {
            return;
        }
        String refusal = json.writeValueAsString(ProblemType.FORBIDDEN.problem(
                "Dev mode answers requests from this machine only (coinslot.dev.remote-clients=false)."));
        filters.register(rc -> {
            SocketAddress peer = rc.request().remoteAddress();
            if (peer != null && isLoopback(peer.hostAddress())) {
                rc.next();
            } else {
                rc.response().setStatusCode(403).putHeader("Content-Type", Problem.MEDIA_TYPE).end(refusal);
            }
        }, 20_000);
    }

    /** An IPv4 127/8 or IPv6 {@code ::1} literal. */
    static boolean isLoopback(String ip) {
        if (ip == null) {
            return false;
        }
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1")
                || ip.startsWith("::ffff:127.");
    }
}

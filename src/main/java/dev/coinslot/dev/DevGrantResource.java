package dev.coinslot.dev;

import dev.coinslot.api.Caller;
import dev.coinslot.application.wallet.CreditGrants;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Wallet;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Dev mode only: {@code POST /dev/grant} adds demo credits without Stripe. Absent from prod builds. */
@IfBuildProfile("dev")
@Path("/dev/grant")
public class DevGrantResource {

    public record GrantRequest(@NotNull @Min(1) @Max(1_000_000) Long credits) {
    }

    public record GrantView(String userId, long balanceCredits) {
    }

    private final Caller caller;
    private final CreditGrants grants;

    public DevGrantResource(Caller caller, CreditGrants grants) {
        this.caller = caller;
        this.grants = grants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public GrantView grant(@NotNull @Valid GrantRequest request) {
        String userId = caller.requireUserId();
        Wallet wallet = grants.grant(userId, Credits.of(request.credits()), "dev-grant:" + UUID.randomUUID());
        return new GrantView(userId, wallet.balance().amount());
    }
}

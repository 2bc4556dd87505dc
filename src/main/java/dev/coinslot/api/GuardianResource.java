package dev.coinslot.api;

import dev.coinslot.api.WalletResource.LimitsRequest;
import dev.coinslot.application.WalletSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A guardian service sets a user's spending limits (checkout function). The route needs an access token with the
 * guardian scope (API Gateway checks it; so does {@link Caller#requireScope}). Limits a guardian sets are
 * guardian-managed unless {@code managed=false}: the wallet owner can no longer change them.
 */
@Path("/guardian/wallets/{userId}/limits")
@Produces(MediaType.APPLICATION_JSON)
public class GuardianResource {

    private final Caller caller;
    private final WalletSettings settings;
    private final WalletResource wallets;

    public GuardianResource(Caller caller, WalletSettings settings, WalletResource wallets) {
        this.caller = caller;
        this.settings = settings;
        this.wallets = wallets;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Object> setLimits(@PathParam("userId") String userId, @QueryParam("managed") String managed,
            @NotNull @Valid LimitsRequest request) {
        caller.requireUserId(); // 401 without validated claims, before the scope check's 403
        caller.requireScope();
        if (!Caller.isValidSubject(userId)) {
            throw new ProblemException(Problems.badRequest("invalid-user-id", "Invalid user id",
                    "userId must be 1 to " + Caller.MAX_SUBJECT_LENGTH + " characters without control characters."));
        }
        boolean guardianManaged = switch (managed == null ? "true" : managed) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ProblemException(Problems.badRequest("invalid-managed", "Invalid managed flag",
                    "managed must be true or false."));
        };
        return wallets.answer(settings.setLimits(userId, request.toLimits(guardianManaged), true));
    }
}

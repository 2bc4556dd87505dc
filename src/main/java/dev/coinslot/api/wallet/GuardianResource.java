package dev.coinslot.api.wallet;

import dev.coinslot.api.Caller;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.api.wallet.WalletResource.LimitsRequest;
import dev.coinslot.api.wallet.WalletResource.WalletView;
import dev.coinslot.application.wallet.GuardianLinks;
import dev.coinslot.application.wallet.WalletSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A guardian service's routes (checkout function), all needing an access token with the guardian scope (API Gateway
 * checks it; so does {@link Caller#requireScope}): accept a child's invitation code, set the linked child's spending
 * limits, unlink. A guardian who is not the one linked to a wallet gets {@link #notGuardian()}, the same answer as for
 * a wallet that does not exist, and nothing about the wallet. Limits a guardian sets are guardian-managed unless
 * {@code managed=false}: the wallet owner can no longer change them.
 */
@Path("/guardian")
@Produces(MediaType.APPLICATION_JSON)
public class GuardianResource {

    /** The body of {@code POST /guardian/links}: the code the child's {@code POST /wallet/guardian-invites} returned. */
    public record LinkRequest(@NotNull String code) {
    }

    /** The wallet the guardian now manages: its owner's user id (for the limits route) and since when. */
    public record LinkView(String userId, String linkedAt) {
    }

    private final Caller caller;
    private final WalletSettings settings;
    private final WalletResource wallets;
    private final GuardianLinks links;

    public GuardianResource(Caller caller, WalletSettings settings, WalletResource wallets, GuardianLinks links) {
        this.caller = caller;
        this.settings = settings;
        this.wallets = wallets;
        this.links = links;
    }

    static Problem notGuardian() {
        return ProblemType.NOT_GUARDIAN.problem(
                "Only the guardian linked to this wallet (by accepting its owner's invitation) may manage it.");
    }

    @PUT
    @Path("/wallets/{userId}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<WalletView> setLimits(@PathParam("userId") String userId, @QueryParam("managed") String managed,
            @NotNull @Valid LimitsRequest request) {
        String guardian = requireGuardian();
        requireValidUserId(userId);
        boolean guardianManaged = switch (managed == null ? "true" : managed) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ProblemException(ProblemType.INVALID_MANAGED.problem(
                    "managed must be true or false."));
        };
        return wallets.answer(settings.setLimits(userId, request.toLimits(guardianManaged), Optional.of(guardian)));
    }

    @POST
    @Path("/links")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<LinkView> link(@NotNull @Valid LinkRequest request) {
        String guardian = requireGuardian();
        return switch (links.accept(guardian, request.code())) {
            case GuardianLinks.AcceptOutcome.Linked l -> RestResponse.ResponseBuilder
                    .<LinkView>create(l.replayed() ? 200 : 201)
                    .entity(new LinkView(l.childId(), l.linkedAt().toString()))
                    .type(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", Boolean.toString(l.replayed()))
                    .build();
            case GuardianLinks.AcceptOutcome.MalformedCode m -> throw new ProblemException(ProblemType.INVALID_INVITE_CODE.problem(
                    "code must be the " + GuardianLinks.CODE_LENGTH
                            + "-character code the wallet owner's invitation returned."));
            case GuardianLinks.AcceptOutcome.NoSuchInvite n -> throw new ProblemException(ProblemType.INVITE_NOT_FOUND.problem(
                    "No open invitation has this code: it may have expired, been replaced by a newer "
                            + "one, or been used. Ask the wallet owner for a new code."));
            case GuardianLinks.AcceptOutcome.OwnInvite o -> throw new ProblemException(ProblemType.OWN_INVITE.problem(
                    "This code invites a guardian to the caller's own wallet."));
        };
    }

    @DELETE
    @Path("/wallets/{userId}/link")
    public RestResponse<Void> unlink(@PathParam("userId") String userId) {
        String guardian = requireGuardian();
        requireValidUserId(userId);
        return switch (links.unlink(guardian, userId)) {
            case GuardianLinks.UnlinkOutcome.Unlinked u -> RestResponse.noContent();
            case GuardianLinks.UnlinkOutcome.NotGuardian n -> throw new ProblemException(notGuardian());
        };
    }

    /** The guardian's id: 401 without validated claims, before the scope check's 403. */
    private String requireGuardian() {
        String guardian = caller.requireUserId();
        caller.requireScope();
        return guardian;
    }

    private static void requireValidUserId(String userId) {
        if (!Caller.isValidSubject(userId)) {
            throw new ProblemException(ProblemType.INVALID_USER_ID.problem(
                    "userId must be 1 to " + Caller.MAX_SUBJECT_LENGTH + " characters without control characters."));
        }
    }
}

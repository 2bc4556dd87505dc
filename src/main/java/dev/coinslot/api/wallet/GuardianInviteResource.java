package dev.coinslot.api.wallet;

import dev.coinslot.api.Caller;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.wallet.GuardianLinks;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The wallet owner's consent to a guardian (checkout function): a one-time code the owner hands to the guardian, who
 * redeems it with {@code POST /guardian/links}. Each call replaces the pending code, so a retried request leaves one
 * working code: the one in the last answer.
 */
@Path("/wallet/guardian-invites")
@Produces(MediaType.APPLICATION_JSON)
public class GuardianInviteResource {

    /** The code (shown once, never stored in clear) and when it stops working. */
    public record InviteView(String code, String expiresAt) {
    }

    private final Caller caller;
    private final GuardianLinks links;

    public GuardianInviteResource(Caller caller, GuardianLinks links) {
        this.caller = caller;
        this.links = links;
    }

    @POST
    public RestResponse<InviteView> invite() {
        return switch (links.invite(caller.requireUserId())) {
            case GuardianLinks.InviteOutcome.Invited i -> RestResponse.ResponseBuilder
                    .<InviteView>create(201)
                    .entity(new InviteView(i.code(), i.expiresAt().toString()))
                    .type(MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "no-store")
                    .build();
            case GuardianLinks.InviteOutcome.GuardianAlreadyLinked l -> throw new ProblemException(
                    ProblemType.GUARDIAN_ALREADY_LINKED.problem(
                    "This wallet already has a guardian; only that guardian can unlink it."));
        };
    }
}

package dev.coinslot.api.loyalty;

import dev.coinslot.api.Caller;
import dev.coinslot.api.ServiceCaller;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.loyalty.LoyaltyRewards;
import dev.coinslot.application.loyalty.LoyaltyRewards.GrantCommand;
import dev.coinslot.application.port.LoyaltyStore.RecordedReward;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.loyalty.GrantOutcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Earn-or-buy grants from the operator's own services (checkout function, IAM authorisation): {@code POST /grants}
 * gives a user promotional credits they earned (e.g. a game level), once per {@code reference}, within the per-user
 * daily cap.
 */
@Path("/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GrantsResource {

    private static final Logger LOG = Logger.getLogger(GrantsResource.class);

    /** What to grant: 1–1,000,000 credits to {@code userId}, for {@code reason}, once per {@code reference}. */
    public record GrantRequest(@NotNull String userId, @NotNull @Min(1) @Max(1_000_000) Long credits,
            @NotNull @Pattern(regexp = "[\\p{L}\\p{N}\\p{P}\\p{Zs}]{1,200}") String reason,
            @NotNull @Pattern(regexp = "[A-Za-z0-9:._-]{1,128}") String reference) {
    }

    public record GrantView(String userId, String reference, String type, long credits, String expiresAt,
            long balanceAfterCredits, String grantedAt) {
        static GrantView of(String userId, String reference, RecordedReward r) {
            return new GrantView(userId, reference, r.reward().type().name(), r.reward().credits().amount(),
                    r.reward().expiresAt().toString(), r.balanceAfter().amount(), r.at().toString());
        }
    }

    private final ServiceCaller operator;
    private final LoyaltyRewards rewards;
    private final Clock clock;

    public GrantsResource(ServiceCaller operator, LoyaltyRewards rewards, Clock clock) {
        this.operator = operator;
        this.rewards = rewards;
        this.clock = clock;
    }

    @POST
    public RestResponse<GrantView> grant(@Valid @NotNull GrantRequest request) {
        String by = operator.requireIamPrincipal();
        if (!Caller.isValidSubject(request.userId())) {
            throw new ProblemException(ProblemType.INVALID_USER_ID.problem("userId must be 1–200 characters, not blank, without control characters."));
        }
        GrantCommand command = new GrantCommand(request.userId(), Credits.of(request.credits()), request.reason(),
                request.reference());
        return switch (rewards.grant(command)) {
            case LoyaltyRewards.GrantResult.Granted g -> {
                LOG.infof("grant wallet=%s reference=%s credits=%d replayed=%s by=%s", request.userId(), request.reference(),
                        request.credits(), g.replayed(), by);
                yield RestResponse.ResponseBuilder.<GrantView>create(g.replayed() ? 200 : 201)
                        .entity(GrantView.of(request.userId(), request.reference(), g.reward()))
                        .type(MediaType.APPLICATION_JSON)
                        .header("Idempotent-Replayed", Boolean.toString(g.replayed()))
                        .build();
            }
            case LoyaltyRewards.GrantResult.ReferenceReused r -> throw new ProblemException(
                    ProblemType.GRANT_REFERENCE_REUSE.problem("This reference was used for a different grant; nothing was granted.")
                            .with("reference", r.reference()));
            case LoyaltyRewards.GrantResult.Refused refused -> throw switch (refused.refusal()) {
                case GrantOutcome.CapReached cap -> ProblemException.retryLater(ProblemType.GRANT_CAP_REACHED.problem(
                        "This user was granted " + cap.grantedToday().amount() + " of " + cap.cap().amount()
                                + " credits today; try again after " + cap.retryAt() + ".")
                        .with("capCredits", cap.cap().amount())
                        .with("grantedTodayCredits", cap.grantedToday().amount())
                        .with("resetsAt", cap.retryAt().toString()),
                        (int) Math.max(1, Duration.between(clock.instant(), cap.retryAt()).toSeconds()));
                case GrantOutcome.AboveCap above -> new ProblemException(ProblemType.GRANT_ABOVE_CAP.problem(
                        "At most " + above.cap().amount() + " credits can be granted to one user per day.")
                        .with("capCredits", above.cap().amount()));
                case GrantOutcome.Granted g -> new IllegalStateException("a granted outcome is not a refusal");
            };
        };
    }
}

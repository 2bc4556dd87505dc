package dev.coinslot.api.loyalty;

import dev.coinslot.api.Caller;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.application.loyalty.LoyaltyRewards;
import dev.coinslot.application.port.LoyaltyStore.RecordedReward;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The daily reward (checkout function, JWT): {@code POST /rewards/daily} claims it once per UTC day; a second claim the
 * same day answers the first one's reward again ({@code 200}, {@code Idempotent-Replayed: true}).
 */
@Path("/rewards/daily")
@Produces(MediaType.APPLICATION_JSON)
public class RewardsResource {

    /** A reward as answered: its ledger type, credits, when they expire, the balance right after, and the next claim. */
    public record DailyRewardView(String type, long credits, String expiresAt, long balanceAfterCredits, String claimedAt,
            String nextClaimAt) {
        static DailyRewardView of(RecordedReward r, java.time.Instant nextClaimAt) {
            return new DailyRewardView(r.reward().type().name(), r.reward().credits().amount(),
                    r.reward().expiresAt().toString(), r.balanceAfter().amount(), r.at().toString(), nextClaimAt.toString());
        }
    }

    private final Caller caller;
    private final LoyaltyRewards rewards;

    public RewardsResource(Caller caller, LoyaltyRewards rewards) {
        this.caller = caller;
        this.rewards = rewards;
    }

    @POST
    public RestResponse<DailyRewardView> claim() {
        return switch (rewards.claimDaily(caller.requireUserId())) {
            case LoyaltyRewards.DailyOutcome.Claimed c -> RestResponse.ResponseBuilder
                    .<DailyRewardView>create(c.replayed() ? 200 : 201)
                    .entity(DailyRewardView.of(c.reward(), c.nextClaimAt()))
                    .type(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", Boolean.toString(c.replayed()))
                    .build();
            case LoyaltyRewards.DailyOutcome.NotOffered n -> throw new ProblemException(
                    ProblemType.DAILY_REWARD_NOT_OFFERED.problem("This store offers no daily reward."));
        };
    }
}

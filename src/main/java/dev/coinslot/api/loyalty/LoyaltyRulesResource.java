package dev.coinslot.api.loyalty;

import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.RewardType;
import dev.coinslot.domain.loyalty.StampCard;
import dev.coinslot.domain.loyalty.StampScope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The public loyalty rules of the checkout function ({@code GET /loyalty/rules}): what every reward is, before anyone acts. */
@Path("/loyalty/rules")
@Produces(MediaType.APPLICATION_JSON)
public class LoyaltyRulesResource {

    /** Cashback: {@code basisPoints} of each purchase's paid credits; null when off. */
    public record CashbackView(int basisPoints, int expiryDays) {
    }

    public record MilestoneView(int atDays, long credits) {
    }

    public record StreakView(List<MilestoneView> milestones, int expiryDays) {
    }

    /** {@code scope} {@code any}, {@code kind} or {@code sku}; {@code of} the kind or sku (null for {@code any}). */
    public record StampCardView(String id, String scope, String of, int every, long rewardCredits, int expiryDays) {
        static StampCardView of(StampCard card, int expiryDays) {
            return switch (card.scope()) {
                case StampScope.AnyPurchase any -> new StampCardView(card.id(), "any", null, card.every(),
                        card.reward().amount(), expiryDays);
                case StampScope.OfKind(var kind) -> new StampCardView(card.id(), "kind", kind.name(), card.every(),
                        card.reward().amount(), expiryDays);
                case StampScope.OfSku(String sku) -> new StampCardView(card.id(), "sku", sku, card.every(),
                        card.reward().amount(), expiryDays);
            };
        }
    }

    /** The daily claim; null when off. */
    public record DailyRewardView(long credits, int expiryDays) {
    }

    /** Credits the operator's services may grant one user per UTC day; null when off. */
    public record GrantsView(long capPerDayCredits, int expiryDays) {
    }

    public record LoyaltyRulesView(CashbackView cashback, StreakView streak, List<StampCardView> stampCards,
            DailyRewardView dailyReward, GrantsView grants, List<String> summary) {
        static LoyaltyRulesView of(LoyaltyRules rules) {
            var expiry = rules.expiryDays();
            return new LoyaltyRulesView(
                    rules.cashbackBasisPoints() > 0
                            ? new CashbackView(rules.cashbackBasisPoints(), expiry.get(RewardType.CASHBACK)) : null,
                    new StreakView(rules.streakMilestones().stream()
                            .map(m -> new MilestoneView(m.atDays(), m.credits().amount())).toList(),
                            expiry.get(RewardType.STREAK_REWARD)),
                    rules.stampCards().stream().map(c -> StampCardView.of(c, expiry.get(RewardType.STAMP_REWARD))).toList(),
                    rules.dailyRewardOffered()
                            ? new DailyRewardView(rules.dailyRewardCredits().amount(), expiry.get(RewardType.DAILY_REWARD))
                            : null,
                    rules.grantCapPerDay().isPositive()
                            ? new GrantsView(rules.grantCapPerDay().amount(), expiry.get(RewardType.EARNED)) : null,
                    rules.summary());
        }
    }

    private final LoyaltyRulesView view;

    public LoyaltyRulesResource(LoyaltyRules rules) {
        this.view = LoyaltyRulesView.of(rules);
    }

    @GET
    public LoyaltyRulesView rules() {
        return view;
    }
}

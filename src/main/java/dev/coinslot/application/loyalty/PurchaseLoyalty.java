package dev.coinslot.application.loyalty;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerCredit;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyPurchase;
import dev.coinslot.domain.loyalty.PurchaseRewards;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The loyalty rewards of a purchase, added to the purchase's own write: cashback on the paid credits it consumed
 * (promotional credits earn none), the streak and the stamp cards. Each reward is a promotional lot
 * ({@link LotSource#REWARD}, origin the purchase id, expiring as the rules say) with its own ledger entry
 * ({@code CASHBACK}, {@code STREAK_REWARD}, {@code STAMP_REWARD}) referenced {@code reward:<purchaseId>:<rule>}, so a
 * purchase earns each rule's reward at most once. With no purchase rule configured the purchase is left as it is
 * (no loyalty state written either).
 */
@ApplicationScoped
public class PurchaseLoyalty {

    /** The purchase with its rewards ({@code change}), what it {@code earned} and the cards it was {@code stamped} on. */
    public record Rewarded(WalletChange change, List<EarnedReward> earned, List<String> stamped) {
        public Rewarded {
            Objects.requireNonNull(change, "change");
            earned = List.copyOf(earned);
            stamped = List.copyOf(stamped);
        }
    }

    private final LoyaltyProgram program;

    public PurchaseLoyalty(LoyaltyProgram program) {
        this.program = program;
    }

    /** The ledger reference of the reward {@code rule} gave for purchase {@code purchaseId}. */
    public static String reference(String purchaseId, String rule) {
        return "reward:" + purchaseId + ":" + rule;
    }

    /** {@code purchase} (a purchase of {@code sku} decided at {@code at}) with the rewards it earns. */
    public Rewarded apply(WalletChange purchase, String purchaseId, Sku sku, Instant at) {
        if (!program.rules().rewardsPurchases()) {
            return new Rewarded(purchase, List.of(), List.of());
        }
        // the entry's paid credits are negative: what the purchase took from paid lots
        Credits paidSpent = Credits.of(-purchase.entry().paidCredits().amount());
        PurchaseRewards rewards = program.onPurchase(purchase.before().loyalty(),
                new LoyaltyPurchase(paidSpent, sku.id(), sku.kind(), at));
        List<LedgerCredit> credits = rewards.earned().stream()
                .map(r -> new LedgerCredit(r.type().ledgerType(), Lot.promo(LotSource.REWARD, r.credits().amount(), at,
                        Optional.of(r.expiresAt()), purchaseId), reference(purchaseId, r.rule())))
                .toList();
        return new Rewarded(purchase.thenCredit(credits, rewards.state()), rewards.earned(), rewards.stamped());
    }
}

package dev.coinslot.application.loyalty;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerCredit;
import dev.coinslot.domain.LedgerDebit;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyPurchase;
import dev.coinslot.domain.loyalty.PurchaseRewards;
import dev.coinslot.domain.loyalty.RefundTakeback;
import dev.coinslot.domain.loyalty.RefundedPurchase;
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
 *
 * <p>A refund takes back, in the refund's own write, the cashback the purchase earned and its stamps (a stamp card
 * reward too when the stamp went into a completed card), each as a {@code REWARD_TAKEBACK} entry referenced
 * {@code takeback:<purchaseId>:<rule>}, from the purchase's own reward lot first, like a clawback: if the credits were
 * spent, the wallet goes negative. Streak rewards are kept (see {@link LoyaltyProgram#onRefund}).
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

    /** {@code refund} (the refund of {@code purchase}) followed by taking back the rewards the purchase earned. */
    public WalletChange takeBack(WalletChange refund, Purchase purchase) {
        if (purchase.earned().isEmpty() && purchase.stamped().isEmpty()) {
            return refund;
        }
        RefundTakeback takeback = program.onRefund(refund.after().loyalty(),
                new RefundedPurchase(purchase.earned(), purchase.stamped()));
        List<LedgerDebit> debits = takeback.taken().stream()
                .map(t -> new LedgerDebit(LedgerEntryType.REWARD_TAKEBACK, purchase.id(), t.credits(),
                        "takeback:" + purchase.id() + ":" + t.rule()))
                .toList();
        return refund.thenTakeBack(debits, takeback.state());
    }
}

package dev.coinslot.application.ownership;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.PromoExpiry;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import java.time.Instant;
import java.util.List;

/**
 * How a refunded purchase's credits return to the wallet: the one place that decides it. The credits go back to the
 * lots the purchase took ({@link Wallet#refund}) as one {@link LedgerEntryType#PURCHASE_REFUND} entry; credits of a
 * promotional lot that has expired since are not returned ({@link Credit#notReturned()}), and the revenue the purchase
 * recognised is reversed ({@link Credit#reversed()}: the negative of each recognised amount).
 */
public final class RefundCredit {

    private RefundCredit() {
    }

    /** The credit of one refund: the wallet change to write, what it returns, what it cannot, revenue reversed. */
    public record Credit(WalletChange change, Credits returned, Credits notReturned, List<Money> reversed) {
        /** The same credit with more in its write ({@code more} extends the change, e.g. the loyalty takeback). */
        public Credit then(java.util.function.UnaryOperator<WalletChange> more) {
            return new Credit(more.apply(change), returned, notReturned, reversed);
        }
    }

    public static Credit of(Wallet wallet, Purchase purchase, PromoExpiry expiry, Instant now) {
        Wallet.Refund refund = wallet.refund(purchase.lots(), purchase.total(), expiry, "purchase-refund:" + purchase.id(), now);
        List<Money> reversed = purchase.recognized().stream().map(m -> Money.of(-m.amountMinor(), m.currency())).toList();
        return new Credit(refund.change(), refund.returned(), refund.expired(), reversed);
    }
}

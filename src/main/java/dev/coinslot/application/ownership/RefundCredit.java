package dev.coinslot.application.ownership;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Wallet;
import java.time.Instant;

/**
 * How a refunded purchase's credits return to the wallet: the one place that decides it. Today the wallet has one
 * balance, so all of the purchase's credits return to it as one {@link LedgerEntryType#PURCHASE_REFUND} entry and
 * nothing is lost. With per-lot balances (wallet v2) this is where credits go back to the lots they came from, and where
 * credits of a lot that has expired since are reported in {@link Credit#notReturned()}.
 */
public final class RefundCredit {

    private RefundCredit() {
    }

    /** The credit of one refund: the ledger entry to write, what it returns and what it cannot return. */
    public record Credit(LedgerEntry entry, Credits returned, Credits notReturned) {
    }

    public static Credit of(Wallet wallet, Purchase purchase, Instant now) {
        LedgerEntry entry = LedgerEntry.next(wallet, LedgerEntryType.PURCHASE_REFUND, purchase.total(),
                "purchase-refund:" + purchase.id(), now);
        return new Credit(entry, purchase.total(), Credits.ZERO);
    }
}

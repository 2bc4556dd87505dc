package dev.coinslot.application.wallet;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Credits granted without a payment (dev-mode demo wallets, test fixtures): appends a GRANT ledger entry and raises
 * the balance in one conditional write, retrying on concurrent changes.
 */
@ApplicationScoped
public class CreditGrants {

    private final WalletStore store;
    private final Clock clock;

    public CreditGrants(WalletStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Grants {@code credits} (positive) to the user's wallet and returns the wallet after the grant. */
    public Wallet grant(String ownerId, Credits credits, String reference) {
        if (!credits.isPositive()) {
            throw new IllegalArgumentException("a grant must be positive");
        }
        Wallet wallet = read(ownerId);
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            LedgerEntry entry = LedgerEntry.next(wallet, LedgerEntryType.GRANT, credits, reference, clock.instant());
            LedgerWrite write = store.appendEntry(wallet, entry);
            switch (write) {
                case LedgerWrite.Committed c -> {
                    return wallet.apply(credits);
                }
                case LedgerWrite.WalletChanged changed ->
                        wallet = retry.backOff() ? changed.current().orElseGet(() -> Wallet.empty(ownerId)) : read(ownerId);
                case LedgerWrite.Contention c -> {
                    retry.backOff();
                    wallet = read(ownerId);
                }
            }
        }
        throw new IllegalStateException("grant kept conflicting with other writes to wallet " + ownerId);
    }

    private Wallet read(String ownerId) {
        return store.findWallet(ownerId).orElseGet(() -> Wallet.empty(ownerId));
    }
}

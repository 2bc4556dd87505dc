package dev.coinslot.application.wallet;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.PromoExpiry;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Credits granted without a payment (dev-mode demo wallets, test fixtures): appends a GRANT ledger entry and adds a
 * promotional lot in one conditional write, retrying on concurrent changes.
 */
@ApplicationScoped
public class CreditGrants {

    private final WalletStore store;
    private final Clock clock;
    private final PromoExpiry expiry;

    public CreditGrants(WalletStore store, Clock clock, PromoExpiry expiry) {
        this.store = store;
        this.clock = clock;
        this.expiry = expiry;
    }

    /**
     * Grants {@code credits} (positive) to the user's wallet as a promotional lot (with the configured grant expiry)
     * and returns the wallet after the grant.
     */
    public Wallet grant(String ownerId, Credits credits, String reference) {
        if (!credits.isPositive()) {
            throw new IllegalArgumentException("a grant must be positive");
        }
        Wallet wallet = read(ownerId);
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Instant now = clock.instant();
            WalletChange change = wallet.credit(LedgerEntryType.GRANT,
                    List.of(expiry.lot(LotSource.GRANT, credits.amount(), now, "")), reference, now);
            LedgerWrite write = store.appendEntry(change);
            switch (write) {
                case LedgerWrite.Committed c -> {
                    return change.after();
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

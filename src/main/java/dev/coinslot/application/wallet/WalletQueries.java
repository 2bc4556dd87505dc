package dev.coinslot.application.wallet;

import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerPage;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/** Read side of a wallet: balance, status and the ledger, newest first. */
@ApplicationScoped
public class WalletQueries {

    private final WalletStore store;
    private final WalletSnapshots snapshots;
    private final ServiceSettings settings;
    private final Clock clock;

    public WalletQueries(WalletStore store, WalletSnapshots snapshots, ServiceSettings settings, Clock clock) {
        this.store = store;
        this.snapshots = snapshots;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The user's wallet as spendable now (promotional credits expired by now not counted; the next write records their
     * expiry); a user nobody has credited yet has an empty, active one.
     */
    public Wallet wallet(String ownerId) {
        Wallet wallet = store.findWallet(ownerId).orElseGet(() -> Wallet.empty(ownerId));
        snapshots.remember(wallet);
        return wallet.asOf(clock.instant());
    }

    public LedgerPage ledger(String ownerId, int limit, Optional<Long> beforeSequence) {
        return store.ledger(ownerId, limit, beforeSequence);
    }

    public String currency() {
        return settings.currency();
    }
}

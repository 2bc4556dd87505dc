package dev.coinslot.application.wallet;

import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last wallet state this function instance saw, per user. A hint only: it lets a checkout build its conditional
 * transaction without reading first (one DynamoDB request), and the version condition in that transaction rejects
 * it if stale, returning the current wallet. Never used to refuse a purchase without a fresh read.
 */
@ApplicationScoped
public class WalletSnapshots {

    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<String, Wallet> byOwner = new ConcurrentHashMap<>();

    public Optional<Wallet> get(String ownerId) {
        return Optional.ofNullable(byOwner.get(ownerId));
    }

    /** Remembers {@code wallet} unless a newer version is already known. */
    public void remember(Wallet wallet) {
        if (byOwner.size() >= MAX_ENTRIES) {
            byOwner.clear();
        }
        byOwner.merge(wallet.ownerId(), wallet, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    public void forget(String ownerId) {
        byOwner.remove(ownerId);
    }
}

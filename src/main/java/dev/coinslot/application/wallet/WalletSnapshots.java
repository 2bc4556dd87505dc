package dev.coinslot.application.wallet;

import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last wallet state (and passes held) this function instance saw, per user. A hint only: it lets a checkout build its
 * conditional transaction without reading first (one DynamoDB request), and the version condition in that transaction
 * rejects it if stale, returning the current wallet. Never used to refuse a purchase without a fresh read.
 */
@ApplicationScoped
public class WalletSnapshots {

    static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<String, Wallet> byOwner = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Entitlement>> passesByOwner = new ConcurrentHashMap<>();

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
        passesByOwner.remove(ownerId);
    }

    /**
     * The passes this instance last saw the user hold, by SKU: a hint for extending one in the checkout's one request
     * (its write is conditional on the pass's stored end, so a stale hint costs a retry, never a wrong extension). Only
     * passes: a hint that an unlock is owned could refuse a purchase, and hints never refuse.
     */
    public Map<String, Entitlement> passes(String ownerId) {
        return passesByOwner.getOrDefault(ownerId, Map.of());
    }

    /** Remembers a pass's state (anything else is ignored). */
    public void rememberPass(Entitlement entitlement) {
        if (entitlement.type() != EntitlementType.PASS) {
            return;
        }
        if (passesByOwner.size() >= MAX_ENTRIES) {
            passesByOwner.clear();
        }
        passesByOwner.compute(entitlement.ownerId(), (owner, known) -> {
            Map<String, Entitlement> next = known == null ? new HashMap<>() : new HashMap<>(known);
            next.put(entitlement.sku(), entitlement);
            return Map.copyOf(next);
        });
    }
}

package dev.coinslot.application.ownership;

import dev.coinslot.application.Ids;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.OwnershipStore;
import dev.coinslot.application.port.OwnershipStore.ConsumeRecord;
import dev.coinslot.application.port.OwnershipStore.ConsumeWrite;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a user holds: the active entitlements, one of them (also for the operator's access checks), and using up a
 * consumable under an idempotency key (one transaction, no read first).
 */
@ApplicationScoped
public class Entitlements {

    private static final Logger LOG = Logger.getLogger(Entitlements.class);

    private final OwnershipStore store;
    private final Clock clock;
    private final ServiceSettings settings;

    public Entitlements(OwnershipStore store, Clock clock, ServiceSettings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    /** The user's entitlements that are active now. */
    public List<Entitlement> active(String ownerId) {
        Instant now = clock.instant();
        return store.entitlements(ownerId).stream().filter(e -> e.isActive(now)).toList();
    }

    /** The user's entitlement to {@code sku} if it is active now: one read. */
    public Optional<Entitlement> active(String ownerId, String sku) {
        Instant now = clock.instant();
        return store.entitlement(ownerId, sku).filter(e -> e.isActive(now));
    }

    /** Every expected result of using up a consumable. */
    public sealed interface ConsumeOutcome {
        /** {@code quantity} was used; {@code remaining} is what is left as read after the answer's write. */
        record Consumed(String sku, long quantity, long remaining, boolean replayed) implements ConsumeOutcome {
        }

        record NotEntitled(String sku) implements ConsumeOutcome {
        }

        record NotConsumable(String sku, EntitlementType type) implements ConsumeOutcome {
        }

        record InsufficientQuantity(String sku, long available, long requested) implements ConsumeOutcome {
        }

        record IdempotencyKeyReused() implements ConsumeOutcome {
        }

        record Contended() implements ConsumeOutcome {
        }
    }

    public ConsumeOutcome consume(String ownerId, String key, String sku, long quantity) {
        String hash = Ids.sha256("consume\n" + sku + "\n" + quantity);
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Instant now = clock.instant();
            ConsumeRecord record = new ConsumeRecord(ownerId, key, hash, sku, quantity, now, now.plus(settings.idempotencyTtl()));
            switch (store.consume(record)) {
                case ConsumeWrite.Committed c -> {
                    long remaining = store.entitlement(ownerId, sku).map(Entitlement::quantity).orElse(0L);
                    LOG.infof("consume wallet=%s sku=%s quantity=%d outcome=consumed", ownerId, sku, quantity);
                    return new ConsumeOutcome.Consumed(sku, quantity, remaining, false);
                }
                case ConsumeWrite.KeyExists k -> {
                    return replay(ownerId, hash, k.existing());
                }
                case ConsumeWrite.Refused refused -> {
                    return refusal(sku, quantity, refused.current(), now);
                }
                case ConsumeWrite.Contention contention -> retry.backOff();
            }
        }
        LOG.warnf("consume wallet=%s sku=%s outcome=contended", ownerId, sku);
        return new ConsumeOutcome.Contended();
    }

    private static ConsumeOutcome refusal(String sku, long quantity, Optional<Entitlement> current, Instant now) {
        if (current.isEmpty() || (current.get().type() != EntitlementType.CONSUMABLE && !current.get().isActive(now))) {
            return new ConsumeOutcome.NotEntitled(sku);
        }
        Entitlement e = current.get();
        if (e.type() != EntitlementType.CONSUMABLE) {
            return new ConsumeOutcome.NotConsumable(sku, e.type());
        }
        return new ConsumeOutcome.InsufficientQuantity(sku, e.quantity(), quantity);
    }

    private ConsumeOutcome replay(String ownerId, String hash, ConsumeRecord existing) {
        if (!existing.requestHash().equals(hash)) {
            return new ConsumeOutcome.IdempotencyKeyReused();
        }
        long remaining = store.entitlement(ownerId, existing.sku()).map(Entitlement::quantity).orElse(0L);
        return new ConsumeOutcome.Consumed(existing.sku(), existing.quantity(), remaining, true);
    }
}

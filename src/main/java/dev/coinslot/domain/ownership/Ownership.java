package dev.coinslot.domain.ownership;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of owning what was bought: what a purchase grants, how it changes what the buyer holds (a permanent unlock
 * is not sold twice, a pass extends from its current end, consumables accumulate), and when a purchase may be refunded.
 * Pass ends are kept to the millisecond.
 */
public final class Ownership {

    /** The period over which self-service refunds are counted. */
    public static final Duration REFUND_PERIOD = Duration.ofDays(30);

    private Ownership() {
    }

    /** {@code units} units of {@code grant} for item {@code sku}. */
    public record GrantLine(String sku, Grant grant, long units) {
        public GrantLine {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(grant, "grant");
            if (units < 1) {
                throw new IllegalArgumentException("at least one unit");
            }
        }
    }

    /** What buying {@code quantity} × {@code sku} (not a chance) grants; see {@link #grantsOf(Catalog, Sku, int, List)}. */
    public static List<GrantLine> grantsOf(Catalog catalog, Sku sku, int quantity) {
        return grantsOf(catalog, sku, quantity, List.of());
    }

    /**
     * What buying {@code quantity} × {@code sku} grants: its own grant, for a bundle its items', for a chance what each
     * {@code drawn} outcome grants (one unit each); one line per catalog item.
     */
    public static List<GrantLine> grantsOf(Catalog catalog, Sku sku, int quantity, List<String> drawn) {
        Map<String, GrantLine> lines = new LinkedHashMap<>();
        for (String outcome : drawn) {
            Sku inner = catalog.find(outcome).orElseThrow(() -> new IllegalStateException("validated catalog"));
            inner.grant().ifPresent(grant -> lines.merge(inner.id(), new GrantLine(inner.id(), grant, 1),
                    (a, b) -> new GrantLine(a.sku(), a.grant(), a.units() + b.units())));
        }
        if (sku.grant().isPresent()) {
            lines.put(sku.id(), new GrantLine(sku.id(), sku.grant().get(), quantity));
        }
        for (Sku.BundleItem item : sku.contents()) {
            Sku inner = catalog.find(item.skuId()).orElseThrow(() -> new IllegalStateException("validated catalog"));
            Grant grant = inner.grant().orElseThrow(() -> new IllegalStateException("validated catalog"));
            long units = (long) item.quantity() * quantity;
            lines.merge(inner.id(), new GrantLine(inner.id(), grant, units),
                    (a, b) -> new GrantLine(a.sku(), a.grant(), a.units() + b.units()));
        }
        return List.copyOf(lines.values());
    }

    /** How a purchase changes what its buyer holds, or why it may not be made. */
    public sealed interface Acquisition {
        /** Write {@code changes} with the purchase; {@code grants} is what the answer and the purchase record list. */
        record Acquire(List<EntitlementChange> changes, List<Granted> grants) implements Acquisition {
        }

        /** The buyer already owns the permanent unlock {@code sku}; nothing may be debited. */
        record AlreadyOwned(String sku) implements Acquisition {
        }

        /** More than one unit of the permanent unlock {@code sku} was asked for. */
        record NotStackable(String sku) implements Acquisition {
        }
    }

    /**
     * Decides a purchase of {@code lines} at {@code now} on what the buyer is {@code known} to hold (items absent from it
     * are assumed not held; the write's conditions catch a wrong assumption and return what is stored).
     */
    public static Acquisition acquire(List<GrantLine> lines, Map<String, Entitlement> known, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        List<EntitlementChange> changes = new ArrayList<>();
        List<Granted> grants = new ArrayList<>();
        for (GrantLine line : lines) {
            Optional<Entitlement> held = Optional.ofNullable(known.get(line.sku())).filter(e -> e.isActive(at));
            switch (line.grant()) {
                case Grant.Permanent p -> {
                    if (line.units() > 1) {
                        return new Acquisition.NotStackable(line.sku());
                    }
                    if (held.isPresent()) {
                        return new Acquisition.AlreadyOwned(line.sku());
                    }
                    changes.add(new EntitlementChange.Own(line.sku()));
                    grants.add(new Granted(line.sku(), EntitlementType.PERMANENT, 1, Optional.empty(), Optional.empty()));
                }
                case Grant.Pass pass -> {
                    Duration time = pass.duration().multipliedBy(line.units());
                    Optional<Instant> currentEnd = held.flatMap(Entitlement::activeUntil);
                    Instant newEnd = currentEnd.orElse(at).plus(time);
                    changes.add(new EntitlementChange.ExtendPass(line.sku(), currentEnd, newEnd, at));
                    grants.add(new Granted(line.sku(), EntitlementType.PASS, line.units(), Optional.of(time),
                            Optional.of(newEnd)));
                }
                case Grant.Consumable c -> {
                    long quantity = Math.multiplyExact(c.quantity(), line.units());
                    changes.add(new EntitlementChange.Add(line.sku(), quantity));
                    grants.add(new Granted(line.sku(), EntitlementType.CONSUMABLE, quantity, Optional.empty(), Optional.empty()));
                }
            }
        }
        return new Acquisition.Acquire(List.copyOf(changes), List.copyOf(grants));
    }

    /** Whether a purchase may be refunded, and how its grants are taken back. */
    public sealed interface RefundCheck {
        /** Refund it, writing {@code changes} in the same transaction. */
        record Refundable(List<EntitlementChange> changes) implements RefundCheck {
        }

        record AlreadyRefunded() implements RefundCheck {
        }

        /** The refund window ended at {@code endedAt}. */
        record WindowClosed(Instant endedAt) implements RefundCheck {
        }

        /** What the purchase granted of {@code sku} is no longer all there (used, or replaced). */
        record AlreadyUsed(String sku) implements RefundCheck {
        }
    }

    /**
     * The refund rule: within {@code window} of the purchase, once, and only while what it granted is unused. A
     * consumable is unused while its quantity still holds what the purchase added; a permanent unlock while this purchase
     * is the one holding it (a permanent unlock and a pass cannot be "partly used": during the window they count as
     * unused; the window is the grace period for a mistaken tap). Refunding a pass takes back the time the purchase added
     * (the pass may end at once); a permanent unlock is revoked; a consumable loses the quantity.
     */
    public static RefundCheck refund(PurchaseRecord record, Map<String, Entitlement> current, Instant now, Duration window) {
        if (record.status() == PurchaseStatus.REFUNDED) {
            return new RefundCheck.AlreadyRefunded();
        }
        Purchase purchase = record.purchase();
        Instant end = purchase.at().plus(window);
        if (!now.isBefore(end)) {
            return new RefundCheck.WindowClosed(end);
        }
        List<EntitlementChange> changes = new ArrayList<>();
        for (Granted granted : purchase.grants()) {
            Entitlement held = current.get(granted.sku());
            if (held == null) {
                return new RefundCheck.AlreadyUsed(granted.sku());
            }
            Entitlement after = switch (granted.type()) {
                case CONSUMABLE -> held.quantity() >= granted.quantity()
                        ? with(held, held.quantity() - granted.quantity(), held.activeUntil()) : null;
                case PERMANENT -> held.quantity() > 0 && held.purchaseId().equals(purchase.id())
                        ? with(held, 0, Optional.empty()) : null;
                case PASS -> with(held, held.quantity(),
                        Optional.of(held.activeUntil().orElseThrow().minus(granted.passTime().orElseThrow())));
            };
            if (after == null) {
                return new RefundCheck.AlreadyUsed(granted.sku());
            }
            changes.add(new EntitlementChange.Replace(after));
        }
        return new RefundCheck.Refundable(List.copyOf(changes));
    }

    private static Entitlement with(Entitlement e, long quantity, Optional<Instant> activeUntil) {
        return new Entitlement(e.ownerId(), e.sku(), e.type(), quantity, activeUntil, e.acquiredAt(), e.purchaseId(),
                e.version() + 1);
    }

    /** Whether another self-service refund is allowed at {@code now}, given the times of earlier ones. */
    public sealed interface RefundAllowance {
        record Allowed(List<Instant> countedAfter) implements RefundAllowance {
        }

        /** {@code max} refunds in the last 30 days already; the next is possible at {@code resetsAt}. */
        record LimitReached(int max, Instant resetsAt) implements RefundAllowance {
        }
    }

    /**
     * At most {@code max} refunds in any 30 days: {@code earlier} are the times of past refunds; the answer, when
     * allowed, carries the ones still inside the period plus {@code now} (what to store).
     */
    public static RefundAllowance allowRefund(List<Instant> earlier, int max, Instant now) {
        if (max < 1) {
            return new RefundAllowance.LimitReached(0, now.plus(REFUND_PERIOD));
        }
        Instant from = now.minus(REFUND_PERIOD);
        List<Instant> recent = earlier.stream().filter(t -> t.isAfter(from)).sorted(Comparator.naturalOrder()).toList();
        if (recent.size() >= max) {
            return new RefundAllowance.LimitReached(max, recent.get(recent.size() - max).plus(REFUND_PERIOD));
        }
        List<Instant> after = new ArrayList<>(recent);
        after.add(now);
        return new RefundAllowance.Allowed(List.copyOf(after));
    }
}

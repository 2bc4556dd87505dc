package dev.coinslot.domain.ownership;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to one stored entitlement, with the condition that makes it safe without a lock: written in the same
 * transaction as the purchase or refund that causes it, and refused (the whole transaction with it) when the stored
 * entitlement is no longer what the decision was made on.
 */
public sealed interface EntitlementChange {

    String sku();

    /** A consumable: add {@code quantity} to whatever is stored (no condition needed: adding commutes). */
    record Add(String sku, long quantity) implements EntitlementChange {
        public Add {
            Objects.requireNonNull(sku, "sku");
        }
    }

    /** A permanent unlock: own it, only if it is not owned now. */
    record Own(String sku) implements EntitlementChange {
        public Own {
            Objects.requireNonNull(sku, "sku");
        }
    }

    /**
     * A pass: end it at {@code newEnd}, only if the stored end is still {@code expectedEnd}, or (empty) if no pass is
     * active at {@code now}.
     */
    record ExtendPass(String sku, Optional<Instant> expectedEnd, Instant newEnd, Instant now) implements EntitlementChange {
        public ExtendPass {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(expectedEnd, "expectedEnd");
            Objects.requireNonNull(newEnd, "newEnd");
            Objects.requireNonNull(now, "now");
        }
    }

    /** Any entitlement: store {@code after}, only if the stored one still has {@code after.version() - 1}. */
    record Replace(Entitlement after) implements EntitlementChange {
        public Replace {
            Objects.requireNonNull(after, "after");
            if (after.version() < 1) {
                throw new IllegalArgumentException("a replacement follows a stored version");
            }
        }

        @Override
        public String sku() {
            return after.sku();
        }
    }
}

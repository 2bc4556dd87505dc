package dev.coinslot.application.port;

import dev.coinslot.domain.TopUp;
import java.time.Instant;
import java.util.Optional;

/** Durable top-up state: the user's payment-processor customer, top-up records and their idempotency records. */
public interface TopUpStore {

    /** The processor customer id linked to this user's wallet, if any. */
    Optional<String> findPaymentCustomer(String ownerId);

    /**
     * Links {@code customerId} to the user's wallet unless one is already linked; returns the linked id (the earlier
     * one when two first top-ups raced).
     */
    String linkPaymentCustomer(String ownerId, String customerId);

    /**
     * Atomically takes one of the user's top-up slots of the clock hour starting at {@code hour} for {@code topUpId}:
     * true if the top-up already holds a slot of that hour or one of the {@code maxPerHour} slots was free (and is now
     * its), false if all are taken by other top-ups. Concurrent callers can never take more than {@code maxPerHour}.
     */
    boolean takeHourlyTopUpSlot(String ownerId, String topUpId, Instant hour, int maxPerHour);

    Optional<TopUpIdempotency> findTopUpIdempotency(String ownerId, String key);

    Optional<TopUp> findTopUp(String ownerId, String topUpId);

    /**
     * Atomically stores {@code record} (only if the key is unused) and the top-up (fields already written, e.g. by an
     * early webhook, are kept, so a SUCCEEDED top-up never goes back to PENDING).
     */
    TopUpWrite recordTopUp(TopUp topUp, TopUpIdempotency record);

    sealed interface TopUpWrite {
        record Committed() implements TopUpWrite {
        }

        record KeyExists(TopUpIdempotency existing) implements TopUpWrite {
        }
    }
}

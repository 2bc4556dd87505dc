package dev.coinslot.application.port;

import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.Wallet;
import java.time.YearMonth;

/**
 * Writes of auto top-up at checkout. Both are conditioned on the wallet's auto top-up counters as the caller read them
 * (so two checkouts cannot both take the last of the monthly cap) and on the top-up's own state (so a retried checkout
 * never reserves or counts a decline twice).
 */
public interface AutoTopUpStore {

    /**
     * Atomically: records {@code topUp} as a PENDING auto top-up (only if no top-up with its id exists) with its payment
     * lookup, and adds its amount to the wallet's auto top-up spend for {@code month} (only if auto top-up is still on
     * and the counters are still as in {@code expected}).
     */
    Reservation reserve(Wallet expected, TopUp topUp, YearMonth month);

    /**
     * Atomically: marks the top-up FAILED with {@code declineCode} (once: a repeated call finds it counted), gives its
     * amount back to the monthly cap, counts one more consecutive failure and switches auto top-up off when that makes
     * {@code maxConsecutiveFailures}.
     */
    DeclineWrite recordDecline(Wallet expected, TopUp topUp, String declineCode, int maxConsecutiveFailures);

    sealed interface Reservation {
        record Reserved() implements Reservation {
        }

        /** A top-up with this id already exists (an earlier attempt of the same checkout reserved it). */
        record AlreadyReserved() implements Reservation {
        }

        /** The wallet's auto top-up setting or counters changed since they were read; re-read and decide again. */
        record WalletChanged() implements Reservation {
        }
    }

    sealed interface DeclineWrite {
        record Counted(boolean switchedOff) implements DeclineWrite {
        }

        /** This decline was already counted (a retried checkout, or the setting changed under it). */
        record AlreadyCounted() implements DeclineWrite {
        }

        record WalletChanged() implements DeclineWrite {
        }
    }
}

package dev.coinslot.application.ownership;

import java.time.Duration;

/**
 * The self-service refund rules a deployment sets.
 *
 * @param window how long after a purchase its buyer may refund it
 * @param maxPer30Days refunds one user may make in any 30 days
 */
public record RefundSettings(Duration window, int maxPer30Days) {
}

package dev.coinslot.application;

import java.time.Duration;

/**
 * The deployment settings the services read, as plain values (built from configuration at start-up).
 *
 * @param currency ISO 4217 code of the deployment's one currency
 * @param idempotencyTtl how long an idempotency key's answer is kept
 * @param maxTopUpsPerHour card top-ups one user may start per UTC clock hour
 * @param maxConsecutiveDeclines declined auto top-ups in a row after which auto top-up switches itself off
 * @param maxMonthlyCapMinor largest monthly auto top-up cap a user may set, in minor units of {@code currency}
 * @param guardianInviteTtl how long a guardian invitation code stays usable
 */
public record ServiceSettings(String currency, Duration idempotencyTtl, int maxTopUpsPerHour, int maxConsecutiveDeclines,
        long maxMonthlyCapMinor, Duration guardianInviteTtl) {
}

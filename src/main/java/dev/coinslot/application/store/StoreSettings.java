package dev.coinslot.application.store;

import dev.coinslot.domain.Credits;
import java.time.Duration;

/**
 * The storefront's settings, as plain values.
 *
 * @param catalogCacheTtl how long a function instance keeps the catalog document it read (changes show within it)
 * @param highSpenderCredits credits spent in the last 30 days that make a user a high spender
 */
public record StoreSettings(Duration catalogCacheTtl, Credits highSpenderCredits) {
}

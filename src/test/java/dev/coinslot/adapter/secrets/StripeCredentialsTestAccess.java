package dev.coinslot.adapter.secrets;

import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;

/** Lets a test resolve the credentials a second time, as start-up does (the producer method is package-private). */
public final class StripeCredentialsTestAccess {

    private StripeCredentialsTestAccess() {
    }

    public static StripeCredentials resolve(StripeConfig config) {
        return new StripeCredentialsProducer().credentials(config);
    }
}

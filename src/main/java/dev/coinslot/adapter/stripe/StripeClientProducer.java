package dev.coinslot.adapter.stripe;

import com.stripe.StripeClient;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import dev.coinslot.config.StripeConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumSet;

/** Produces the one {@link StripeClient} of the application, and refuses to start a prod payment function without a key. */
@ApplicationScoped
public class StripeClientProducer {

    static final EnumSet<FunctionName> NEED_STRIPE = EnumSet.of(FunctionName.topup, FunctionName.webhook, FunctionName.all);

    void failFastWithoutKey(@Observes StartupEvent event, StripeConfig stripe, CoinslotConfig config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        if (NEED_STRIPE.contains(config.function()) && stripe.key().isEmpty()) {
            throw new IllegalStateException("STRIPE_SECRET_KEY is not set: the " + config.function()
                    + " function cannot take payments without it");
        }
        boolean receivesWebhooks = config.function() == FunctionName.webhook || config.function() == FunctionName.all;
        if (receivesWebhooks && stripe.webhookSecret().map(String::isBlank).orElse(true)) {
            throw new IllegalStateException("STRIPE_WEBHOOK_SECRET is not set: the webhook function cannot authenticate events");
        }
    }

    @Produces
    @Singleton
    StripeClient stripeClient(StripeConfig stripe) {
        String key = stripe.key().orElseThrow(() -> new IllegalStateException("STRIPE_SECRET_KEY is not set"));
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(key)
                .setConnectTimeout((int) stripe.connectTimeout().toMillis())
                .setReadTimeout((int) stripe.readTimeout().toMillis())
                .setMaxNetworkRetries(stripe.maxNetworkRetries());
        stripe.apiBase().ifPresent(builder::setApiBase);
        return builder.build();
    }
}

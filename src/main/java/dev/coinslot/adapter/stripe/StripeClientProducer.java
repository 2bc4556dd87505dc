package dev.coinslot.adapter.stripe;

import com.stripe.StripeClient;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;
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

    /** Resolves the credentials during init (a Secrets Manager read happens here, once), and checks them in prod. */
    void failFastWithoutKey(@Observes StartupEvent event, StripeCredentials credentials, CoinslotConfig config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        if (NEED_STRIPE.contains(config.function()) && credentials.apiKey().isEmpty()) {
            throw new IllegalStateException("STRIPE_SECRET_KEY is not set (nor apiKey in the STRIPE_SECRET_ARN secret): the "
                    + config.function() + " function cannot take payments without it");
        }
        boolean receivesWebhooks = config.function() == FunctionName.webhook || config.function() == FunctionName.all;
        if (receivesWebhooks && credentials.webhookSecrets().isEmpty()) {
            throw new IllegalStateException("STRIPE_WEBHOOK_SECRET is not set (nor webhookSecret in the STRIPE_SECRET_ARN "
                    + "secret): the webhook function cannot authenticate events");
        }
    }

    @Produces
    @Singleton
    StripeClient stripeClient(StripeConfig stripe, StripeCredentials credentials) {
        String key = credentials.apiKey().orElseThrow(() -> new IllegalStateException("STRIPE_SECRET_KEY is not set"));
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(key)
                .setConnectTimeout((int) stripe.connectTimeout().toMillis())
                .setReadTimeout((int) stripe.readTimeout().toMillis())
                .setMaxNetworkRetries(stripe.maxNetworkRetries());
        stripe.apiBase().ifPresent(builder::setApiBase);
        return builder.build();
    }
}

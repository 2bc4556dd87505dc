package dev.coinslot.adapter.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.config.StripeConfig;
import dev.coinslot.config.StripeCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;

/**
 * Resolves this function's {@link StripeCredentials} once, at start-up. With {@code STRIPE_SECRET_ARN} (prod) it reads
 * the function's own Secrets Manager secret, a JSON object {@code {"apiKey", "webhookSecret", "webhookSecretPrevious"}}
 * (each optional), with the Lambda role's credentials; a value configured directly ({@code STRIPE_SECRET_KEY},
 * {@code STRIPE_WEBHOOK_SECRET}, …: dev and tests) wins over the secret's. Logs where the credentials came from and
 * how long the read took, never a value.
 */
@ApplicationScoped
public class StripeCredentialsProducer {

    private static final Logger LOG = Logger.getLogger(StripeCredentialsProducer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Produces
    @Singleton
    StripeCredentials credentials(StripeConfig config) {
        Optional<String> arn = present(config.secretArn());
        if (arn.isEmpty()) {
            return new StripeCredentials(config.key(), secrets(present(config.webhookSecret()),
                    present(config.webhookSecretPrevious())), "config");
        }
        SecretsManagerReader.SecretArn parsed = SecretsManagerReader.SecretArn.parse(arn.get());
        URI endpoint = present(config.secretsEndpoint()).map(URI::create).orElseGet(() -> SecretsManagerReader.endpointFor(parsed));
        long start = System.nanoTime();
        String secretString = new SecretsManagerReader(endpoint, parsed.region(), AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create()))
                .secretString(parsed.arn());
        long micros = (System.nanoTime() - start) / 1_000;
        JsonNode secret;
        try {
            secret = JSON.readTree(secretString);
        } catch (IOException e) {
            throw new IllegalStateException("the Stripe secret " + parsed.arn() + " is not a JSON object");
        }
        if (secret == null || !secret.isObject()) {
            throw new IllegalStateException("the Stripe secret " + parsed.arn() + " is not a JSON object");
        }
        StripeCredentials credentials = new StripeCredentials(
                config.key().or(() -> field(secret, "apiKey")),
                secrets(present(config.webhookSecret()).or(() -> field(secret, "webhookSecret")),
                        present(config.webhookSecretPrevious()).or(() -> field(secret, "webhookSecretPrevious"))),
                "secretsmanager");
        LOG.infof("stripeCredentials source=secretsmanager secret=%s fetchMicros=%d apiKey=%s webhookSecrets=%d", parsed.arn(),
                micros, credentials.apiKey().isPresent() ? "present" : "absent", credentials.webhookSecrets().size());
        return credentials;
    }

    private static Optional<String> field(JsonNode secret, String name) {
        JsonNode value = secret.get(name);
        return value != null && value.isTextual() ? present(Optional.of(value.asText())) : Optional.empty();
    }

    private static Optional<String> present(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    private static List<String> secrets(Optional<String> current, Optional<String> previous) {
        List<String> all = new ArrayList<>(2);
        current.ifPresent(all::add);
        previous.ifPresent(all::add);
        return all;
    }
}

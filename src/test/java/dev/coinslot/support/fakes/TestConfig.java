package dev.coinslot.support.fakes;

import dev.coinslot.application.ServiceSettings;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.DeploymentId;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

/**
 * The one place plain tests build configuration: the services' {@link ServiceSettings}, and the one setting of
 * {@link CoinslotConfig} the DynamoDB adapters read (anything else is refused, so an adapter that starts reading a new
 * setting fails loudly here).
 */
public record TestConfig(String currency, Duration idempotencyTtl, int maxConsecutiveFailures, long maxMonthlyCapMinor,
        String deploymentId, int maxTopUpsPerHour, Duration guardianInviteTtl) {

    /** The table the DynamoDB adapters use when a plain test builds them ({@code StoreContractTest}). */
    public static final String TABLE = "coinslot-plain";

    public static TestConfig defaults() {
        return new TestConfig("USD", Duration.ofHours(48), 3, 50_000, "plain-test/" + TABLE, 10, Duration.ofHours(1));
    }

    /** The defaults with another {@code coinslot.topups.max-per-hour}. */
    public TestConfig withMaxTopUpsPerHour(int max) {
        return new TestConfig(currency, idempotencyTtl, maxConsecutiveFailures, maxMonthlyCapMinor, deploymentId, max,
                guardianInviteTtl);
    }

    /** The deployment the services run as ({@code DomainProducers.deploymentId} from {@code coinslot.deployment-id}). */
    public DeploymentId deployment() {
        return new DeploymentId(deploymentId);
    }

    /** What the services read ({@code DomainProducers.serviceSettings}). */
    public ServiceSettings settings() {
        return new ServiceSettings(currency, idempotencyTtl, maxTopUpsPerHour, maxConsecutiveFailures, maxMonthlyCapMinor,
                guardianInviteTtl);
    }

    /** What the DynamoDB adapters read, for {@code StoreContractTest}. */
    public CoinslotConfig coinslot() {
        return coinslot("contract");
    }

    /** As {@link #coinslot()}, with the catalog document {@code catalogId} ({@code coinslot.storefront.catalog-id}). */
    public CoinslotConfig coinslot(String catalogId) {
        return proxy(CoinslotConfig.class, Map.of("tableName", TABLE,
                "storefront", proxy(CoinslotConfig.Storefront.class, Map.of("catalogId", catalogId))));
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + answers;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            Object answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException("TestConfig does not set " + type.getSimpleName() + "."
                        + method.getName() + "(); add it if a service now needs it");
            }
            return answer;
        }));
    }
}

package dev.coinslot.config;

import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.ownership.RefundSettings;
import dev.coinslot.application.experiment.Experiments;
import dev.coinslot.application.port.ExperimentStore;
import dev.coinslot.application.store.CatalogSource;
import dev.coinslot.application.store.StoreSettings;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.PromoExpiry;
import java.time.Duration;
import java.util.EnumMap;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.ownership.Grant;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the validated catalog and credit packs from configuration at start-up (a bad one stops the function), and the
 * services' plain settings.
 */
@ApplicationScoped
public class DomainProducers {

    @Produces
    @Singleton
    @Startup
    Catalog catalog(CoinslotConfig config) {
        List<String> problems = new ArrayList<>();
        List<Sku> skus = new ArrayList<>();
        for (Map.Entry<String, CoinslotConfig.SkuConfig> e : config.catalog().entrySet()) {
            String id = e.getKey();
            CoinslotConfig.SkuConfig c = e.getValue();
            SkuKind kind;
            try {
                kind = SkuKind.valueOf(c.kind().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                problems.add("sku '" + id + "': unknown kind '" + c.kind() + "' (expected one of "
                        + List.of(SkuKind.values()) + ")");
                continue;
            }
            List<Sku.BundleItem> items = new ArrayList<>();
            for (String item : c.items().orElse(List.of())) {
                String[] parts = item.trim().split(":");
                try {
                    items.add(new Sku.BundleItem(parts[0].trim(), parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 1));
                } catch (IllegalArgumentException ex) {
                    problems.add("sku '" + id + "': bad bundle item '" + item + "' (expected sku-id:quantity)");
                }
            }
            Optional<Grant> grant = Optional.empty();
            if (c.grants().isPresent()) {
                grant = Grant.parse(c.grants().get());
                if (grant.isEmpty()) {
                    problems.add("sku '" + id + "': bad grants '" + c.grants().get()
                            + "' (expected permanent, pass:<ISO-8601 duration> or consumable[:quantity])");
                    continue;
                }
            }
            skus.add(new Sku(id, c.name(), kind, Credits.of(c.priceCredits()), items, grant));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("catalog", problems);
        }
        return Catalog.of(skus);
    }

    @Produces
    @Singleton
    @Startup
    CreditPacks creditPacks(CoinslotConfig config) {
        String currency = config.currency().trim();
        List<CreditPack> packs = new ArrayList<>();
        try {
            for (Map.Entry<String, CoinslotConfig.PackConfig> e : config.packs().entrySet()) {
                CoinslotConfig.PackConfig p = e.getValue();
                List<Money> others = new ArrayList<>();
                new java.util.TreeMap<>(p.prices()).forEach((code, minor) -> others.add(Money.of(minor, code.trim())));
                packs.add(new CreditPack(e.getKey(), Money.of(p.priceMinor(), currency), Credits.of(p.credits()),
                        Credits.of(p.bonusCredits()), others));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("credit pack", List.of(e.getMessage()));
        }
        return CreditPacks.of(currency, packs);
    }

    @Produces
    @Singleton
    @Startup
    DeploymentId deploymentId(CoinslotConfig config) {
        try {
            return new DeploymentId(config.deploymentId().trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("deployment id", List.of(e.getMessage()));
        }
    }

    @Produces
    @Singleton
    @Startup
    PromoExpiry promoExpiry(CoinslotConfig config) {
        Map<LotSource, Duration> lifetimes = new EnumMap<>(LotSource.class);
        config.promoExpiry().bonus().ifPresent(d -> lifetimes.put(LotSource.BONUS, d));
        config.promoExpiry().grant().ifPresent(d -> lifetimes.put(LotSource.GRANT, d));
        config.promoExpiry().reward().ifPresent(d -> lifetimes.put(LotSource.REWARD, d));
        return new PromoExpiry(lifetimes);
    }

    @Produces
    @Singleton
    ServiceSettings serviceSettings(CoinslotConfig config) {
        return new ServiceSettings(config.currency(), config.idempotency().ttl(), config.topups().maxPerHour(),
                config.autoTopUp().maxConsecutiveFailures(), config.autoTopUp().maxMonthlyCapMinor(),
                config.guardianInviteTtl());
    }

    @Produces
    @Singleton
    RefundSettings refundSettings(CoinslotConfig config) {
        if (config.refunds().window().isNegative() || config.refunds().maxPer30Days() < 0) {
            throw new InvalidConfigurationException("refunds", List.of("window and max-per-30-days cannot be negative"));
        }
        return new RefundSettings(config.refunds().window(), config.refunds().maxPer30Days());
    }

    @Produces
    @Singleton
    StoreSettings storeSettings(CoinslotConfig config) {
        Duration ttl = config.storefront().catalogCacheTtl();
        if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new InvalidConfigurationException("storefront", List.of("catalog-cache-ttl must be between 0 and 60 seconds"));
        }
        return new StoreSettings(ttl, Credits.of(config.storefront().highSpenderCredits()));
    }

    /**
     * Price experiments, priced from definitions cached as long as the catalog document, on SKUs of the current
     * catalog that are not retired.
     */
    @Produces
    @Singleton
    Experiments experiments(ExperimentStore store, CatalogSource catalogs, Clock clock, StoreSettings settings,
            CoinslotConfig config) {
        CoinslotConfig.Storefront.Experiments c = config.storefront().experiments();
        if (c.minSample() < 1 || !(c.alpha() > 0 && c.alpha() < 0.5)) {
            throw new InvalidConfigurationException("storefront.experiments",
                    List.of("min-sample must be at least 1 and alpha between 0 and 0.5"));
        }
        return new Experiments(store, sku -> catalogs.current().catalog().find(sku).filter(s -> !s.retired()).isPresent(),
                clock, settings.catalogCacheTtl(), new Experiments.ReportSettings(c.minSample(), c.alpha()));
    }

    /** The randomness of chance draws at checkout. */
    @Produces
    @Singleton
    RandomGenerator chanceRandom() {
        return new SecureRandom();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

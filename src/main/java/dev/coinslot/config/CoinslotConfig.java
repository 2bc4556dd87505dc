package dev.coinslot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** All of Coinslot's own configuration; environment variables map onto it (e.g. {@code COINSLOT_TABLE_NAME}). */
@ConfigMapping(prefix = "coinslot")
public interface CoinslotConfig {

    /** Name of the single DynamoDB wallet table. */
    @WithName("table-name")
    String tableName();

    /**
     * Identity of this deployment, written into every PaymentIntent's metadata; webhook events and sweep rows of other
     * deployments sharing the Stripe account are ignored. Default: the table name (SAM passes region and table).
     */
    @WithName("deployment-id")
    String deploymentId();

    /** ISO 4217 code of the one currency this deployment sells credit packs in. */
    String currency();

    /** Which Lambda function this process is: it serves only that function's routes. */
    @WithDefault("all")
    FunctionName function();

    Idempotency idempotency();

    /** Largest request body accepted, in bytes; larger answers 413. */
    @WithName("max-request-bytes")
    @WithDefault("524288")
    int maxRequestBytes();

    /** SKUs by id. */
    Map<String, SkuConfig> catalog();

    /**
     * Whether a well-formed {@code POST /checkout} is served straight from the Lambda event (default) instead of
     * through Quarkus's virtual HTTP stack. Both give the same answers; the direct path costs less CPU per checkout.
     */
    @WithName("direct-checkout")
    @WithDefault("true")
    boolean directCheckout();

    /**
     * Bench instrumentation: time each stage of a directly served checkout and log the medians (see
     * {@link StageClock}). Off in every deployment.
     */
    @WithName("bench-stages")
    @WithDefault("false")
    boolean benchStages();

    /**
     * Warm the DynamoDB client, JSON mapping and validation during init instead of on the first request (see
     * {@code api.Priming}; SnapStart runs the same priming before its snapshot whatever this says).
     */
    @WithName("prime-at-startup")
    @WithDefault("false")
    boolean primeAtStartup();

    /** Credit packs by id. */
    Map<String, PackConfig> packs();

    @WithName("auto-top-up")
    AutoTopUpConfig autoTopUp();

    /** Limits on starting card top-ups ({@code POST /topups}). */
    TopUps topups();

    /**
     * The OAuth scope a guardian service's access token must carry to set another user's spending limits (the API
     * Gateway route requires it too).
     */
    @WithName("guardian-scope")
    @WithDefault("coinslot/guardian")
    String guardianScope();

    /**
     * The OAuth scope an operator's access token must carry for the {@code /admin/...} routes (the API Gateway routes
     * require it too).
     */
    @WithName("operator-scope")
    @WithDefault("coinslot/operator")
    String operatorScope();

    /** The operator-managed storefront: catalog document, its cache, segments. */
    Storefront storefront();

    /** How long a child's guardian invitation code stays usable (it works once). */
    @WithName("guardian-invite-ttl")
    @WithDefault("PT1H")
    Duration guardianInviteTtl();

    /** Self-service refunds of purchases. */
    Refunds refunds();

    /** Dev-mode conveniences; ignored by prod builds. */
    Dev dev();

    interface Refunds {
        /** How long after a purchase its buyer may refund it (shown as {@code refundableUntil}). */
        @WithDefault("PT15M")
        Duration window();

        /** Self-service refunds one user may make in any 30 days; more answer 429. */
        @WithName("max-per-30-days")
        @WithDefault("3")
        int maxPer30Days();
    }

    /**
     * How long promotional credits stay spendable, per source ({@code coinslot.promo-expiry.bonus=P90D}); a source
     * without a value never expires. Paid credits never expire.
     */
    @WithName("promo-expiry")
    PromoExpiryConfig promoExpiry();

    interface PromoExpiryConfig {
        /** A pack's bonus credits. */
        Optional<Duration> bonus();

        /** Credits granted without a payment. */
        Optional<Duration> grant();

        /** Credits earned as rewards. */
        Optional<Duration> reward();
    }

    interface Idempotency {
        /** How long an idempotency key's answer is kept (at least 24 h). */
        @WithDefault("PT48H")
        Duration ttl();
    }

    interface AutoTopUpConfig {
        /** Declined auto top-ups in a row after which auto top-up switches itself off. */
        @WithName("max-consecutive-failures")
        @WithDefault("3")
        int maxConsecutiveFailures();

        /** Largest monthly cap a user may set, in minor units of the currency. */
        @WithName("max-monthly-cap-minor")
        @WithDefault("50000")
        long maxMonthlyCapMinor();
    }

    interface TopUps {
        /**
         * Top-ups (card PaymentIntents) one user may start per UTC clock hour; more answer 429 until the next hour.
         * Bounds card testing through {@code POST /topups}. Replays of a started top-up do not count.
         */
        @WithName("max-per-hour")
        @WithDefault("10")
        int maxPerHour();
    }

    interface Storefront {
        /**
         * Which catalog document in the table this deployment sells from ({@code CATALOG#{id}}). Until the operator
         * stores one, the file catalog ({@code coinslot.catalog.*}) applies.
         */
        @WithName("catalog-id")
        @WithDefault("main")
        String catalogId();

        /** How long a function instance keeps the catalog document it read; an operator's change shows within it. */
        @WithName("catalog-cache-ttl")
        @WithDefault("PT60S")
        Duration catalogCacheTtl();

        /** Credits spent in the last 30 days from which a user is in the {@code high-spender} segment. */
        @WithName("high-spender-credits")
        @WithDefault("2000")
        long highSpenderCredits();

        /** Price experiments: when a report may name a winner. */
        Experiments experiments();

        interface Experiments {
            /** Exposed users every variant needs before a report names a winner. */
            @WithName("min-sample")
            @WithDefault("200")
            long minSample();

            /** Significance level of the report's verdict (two-sided, split across treatments by Bonferroni). */
            @WithDefault("0.05")
            double alpha();
        }
    }

    interface SkuConfig {
        String name();

        String kind();

        @WithName("price-credits")
        long priceCredits();

        /** For bundles: {@code sku-id:quantity} entries. */
        Optional<java.util.List<String>> items();

        /**
         * What one unit grants (every item but bundles): {@code permanent}, {@code pass:<ISO-8601 duration>} or
         * {@code consumable[:quantity]}.
         */
        Optional<String> grants();
    }

    interface PackConfig {
        @WithName("price-minor")
        long priceMinor();

        long credits();

        @WithName("bonus-credits")
        @WithDefault("0")
        long bonusCredits();

        /**
         * The pack's prices in further currencies, minor units by ISO code ({@code coinslot.packs.plus.prices.EUR=950});
         * every pack must be priced in the same currencies.
         */
        Map<String, Long> prices();
    }

    interface Dev {
        /** Port of the embedded DynamoDB Local started by dev mode. */
        @WithDefault("8765")
        int dynamodbPort();

        /** Address the embedded DynamoDB Local listens on: loopback only, unless changed on purpose. */
        @WithDefault("127.0.0.1")
        String dynamodbHost();

        /**
         * Whether dev mode answers requests from other machines. Off: requests whose source address is not loopback
         * are refused (403), since the demo identity lets any caller act as any user.
         */
        @WithDefault("false")
        boolean remoteClients();

        /** User id dev mode uses when a request carries no JWT claims (dev profile only). */
        @WithDefault("demo-user")
        String demoUser();

        /** Credits granted to the demo user at dev start-up. */
        @WithDefault("1000")
        long demoGrantCredits();

        /**
         * Where dev mode's payments simulator delivers its signed Stripe events: the application's own webhook route
         * (dev builds only; used when no {@code STRIPE_SECRET_KEY} is set).
         */
        @WithName("payments-webhook-url")
        @WithDefault("http://localhost:${quarkus.lambda.mock-event-server.dev-port:8080}/webhooks/stripe")
        String paymentsWebhookUrl();
    }

    enum FunctionName {
        checkout, topup, webhook, admin, metrics, all
    }
}

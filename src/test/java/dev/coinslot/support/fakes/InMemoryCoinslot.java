package dev.coinslot.support.fakes;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.coinslot.application.Ids;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.application.PaymentEvent.Payment;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.checkout.AutoTopUpCheckout;
import dev.coinslot.application.checkout.CheckoutService;
import dev.coinslot.application.experiment.Experiments;
import dev.coinslot.application.loyalty.PurchaseLoyalty;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.application.reconciliation.ReconciliationService;
import dev.coinslot.application.reconciliation.SweepService;
import dev.coinslot.application.topup.TopUpCrediting;
import dev.coinslot.application.topup.TopUpService;
import dev.coinslot.application.wallet.CreditGrants;
import dev.coinslot.application.wallet.ExpirySweep;
import dev.coinslot.application.wallet.GuardianLinks;
import dev.coinslot.application.wallet.WalletQueries;
import dev.coinslot.application.wallet.WalletSettings;
import dev.coinslot.application.wallet.WalletSnapshots;
import dev.coinslot.application.store.CatalogAdmin;
import dev.coinslot.application.store.CatalogSource;
import dev.coinslot.application.store.StoreSettings;
import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.PromoExpiry;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Every application service wired by hand to the in-memory stores and the fake processor, with the catalog and credit
 * packs of {@code application.properties}: what a plain JUnit test of a service's decisions needs, built in
 * microseconds. Each test makes its own.
 */
public final class InMemoryCoinslot {

    /** 2026-11-20 12:00 UTC: mid-day, mid-month. */
    public static final Instant START = Instant.parse("2026-11-20T12:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    public final InMemoryTable table = new InMemoryTable(clock);
    public final InMemoryExperimentStore experimentStore = new InMemoryExperimentStore();
    /** Counts experiment conversions in {@link #experimentStore}, as the checkout's transaction does in DynamoDB. */
    public final InMemoryWalletStore wallets = new InMemoryWalletStore(table, experimentStore);
    public final InMemoryTopUpStore topUpStore = new InMemoryTopUpStore(table);
    public final InMemoryReconciliationStore reconciliationStore = new InMemoryReconciliationStore(table);
    public final InMemoryAutoTopUpStore autoTopUpStore = new InMemoryAutoTopUpStore(table);
    public final InMemoryGuardianStore guardianStore = new InMemoryGuardianStore(table);
    public final FakePaymentGateway payments = new FakePaymentGateway(clock);
    public final Catalog catalog = Catalog.of(List.of(
            new Sku("sticker-cat", "Cat sticker", SkuKind.STICKER, Credits.of(49), List.of()),
            new Sku("sticker-dog", "Dog sticker", SkuKind.STICKER, Credits.of(49), List.of()),
            new Sku("hat-gold", "Golden hat", SkuKind.COSMETIC, Credits.of(99), List.of()),
            new Sku("article-fees", "Article", SkuKind.ARTICLE, Credits.of(199), List.of()),
            new Sku("sticker-pack", "Sticker pack", SkuKind.BUNDLE, Credits.of(249),
                    List.of(new Sku.BundleItem("sticker-cat", 3), new Sku.BundleItem("sticker-dog", 3)))));
    public final CreditPacks packs = CreditPacks.of("USD", List.of(
            new CreditPack("starter", Money.of(500, "USD"), Credits.of(500), Credits.ZERO,
                    List.of(Money.of(500, "EUR"), Money.of(450, "GBP"), Money.of(750, "JPY"))),
            new CreditPack("plus", Money.of(1000, "USD"), Credits.of(1000), Credits.of(100),
                    List.of(Money.of(950, "EUR"), Money.of(850, "GBP"), Money.of(1500, "JPY"))),
            new CreditPack("max", Money.of(2000, "USD"), Credits.of(2000), Credits.of(400),
                    List.of(Money.of(1900, "EUR"), Money.of(1700, "GBP"), Money.of(3000, "JPY")))));
    /** The promotional expiry of {@code application.properties}: a bonus lasts 365 days, a grant 90. */
    public final PromoExpiry expiry = new PromoExpiry(Map.of(LotSource.BONUS, Duration.ofDays(365),
            LotSource.GRANT, Duration.ofDays(90)));
    public final WalletSnapshots snapshots = new WalletSnapshots();
    public final InMemoryCatalogStore catalogStore = new InMemoryCatalogStore();
    /** No caching: a plain test sees a catalog change at once (the cache itself is tested on its own). */
    public final StoreSettings storeSettings = new StoreSettings(Duration.ZERO, Credits.of(2_000));
    public final CatalogSource catalogs = new CatalogSource(catalogStore, catalog, clock, storeSettings);
    public final CatalogAdmin catalogAdmin = new CatalogAdmin(catalogStore, catalogs, clock);
    /** Price experiments on the same catalog, uncached like it. */
    public final Experiments experiments = new Experiments(experimentStore,
            sku -> catalogs.current().catalog().find(sku).isPresent(), clock, Duration.ZERO,
            new Experiments.ReportSettings(100, 0.05));
    /** The chance draws' randomness, seeded so a plain test is repeatable. */
    public final SplittableRandom random = new SplittableRandom(17);
    public final ServiceSettings config;
    public final DeploymentId deployment;
    public final ReconciliationService reconciliation;
    public final AutoTopUpCheckout autoTopUps;
    public final CheckoutService checkout;
    public final TopUpService topUps;
    public final SweepService sweep;
    public final WalletSettings settings;
    public final CreditGrants grants;
    public final ExpirySweep expirySweep;
    public final GuardianLinks guardians;
    /** The loyalty rules checkouts apply (none unless a test passes some). */
    public final PurchaseLoyalty loyalty;
    private int events;

    public InMemoryCoinslot() {
        this(TestConfig.defaults());
    }

    public InMemoryCoinslot(TestConfig settings) {
        this(settings, LoyaltyRules.NONE);
    }

    /** With loyalty rules: checkouts earn cashback, streak and stamp rewards as they say. */
    public InMemoryCoinslot(LoyaltyRules rules) {
        this(TestConfig.defaults(), rules);
    }

    public InMemoryCoinslot(TestConfig settings, LoyaltyRules rules) {
        loyalty = new PurchaseLoyalty(new LoyaltyProgram(rules));
        config = settings.settings();
        deployment = settings.deployment();
        TopUpCrediting crediting = new TopUpCrediting(reconciliationStore, clock, packs, expiry);
        reconciliation = new ReconciliationService(reconciliationStore, payments, clock, crediting, deployment);
        autoTopUps = new AutoTopUpCheckout(packs, wallets, topUpStore, autoTopUpStore, payments, crediting, clock, config,
                deployment);
        checkout = new CheckoutService(catalogs, storeSettings, random, packs, wallets, snapshots, autoTopUps, clock,
                config, new Ids(), experiments, loyalty);
        topUps = new TopUpService(packs, topUpStore, payments, clock, config, deployment);
        sweep = new SweepService(payments, reconciliationStore, reconciliation, clock);
        this.settings = new WalletSettings(wallets, snapshots, packs, payments, config);
        grants = new CreditGrants(wallets, clock, expiry);
        expirySweep = new ExpirySweep(wallets, clock);
        guardians = new GuardianLinks(guardianStore, clock, config);
    }

    /** Another function instance: its own wallet snapshots, the same table and processor. */
    public record Instance(WalletSnapshots snapshots, CheckoutService checkout) {
    }

    public Instance secondInstance() {
        WalletSnapshots own = new WalletSnapshots();
        return new Instance(own, new CheckoutService(catalogs, storeSettings, random, packs, wallets, own, autoTopUps,
                clock, config, new Ids(), experiments, loyalty));
    }

    /** The read side (GET /wallet): the wallet as spendable now. */
    public WalletQueries queries() {
        return new WalletQueries(wallets, snapshots, config, clock);
    }

    /** Credits {@code credits} to the user's wallet as a grant. */
    public void grant(String ownerId, long credits) {
        grants.grant(ownerId, Credits.of(credits), "grant:test");
    }

    /**
     * A top-up of {@code packId} the customer pays with card {@code paymentMethodId}, credited by its webhook: the
     * wallet then has the pack's credits and a saved card.
     */
    public TopUp paidTopUp(String ownerId, String packId, String paymentMethodId) {
        TopUpOutcome.Started started = assertInstanceOf(TopUpOutcome.Started.class,
                topUps.start(ownerId, "key-" + packId + "-" + paymentMethodId, packId));
        Payment payment = payments.customerPays(started.topUp().paymentIntentId(), paymentMethodId);
        assertInstanceOf(ReconciliationService.Outcome.Applied.class, reconciliation.handle(succeeded(payment)));
        return table.topUp(ownerId, started.topUp().id()).orElseThrow();
    }

    /** A saved card from a paid top-up, and auto top-up on with {@code packId} up to {@code capMinor} a month. */
    public void autoTopUpOn(String ownerId, String paymentMethodId, String packId, long capMinor) {
        paidTopUp(ownerId, "starter", paymentMethodId);
        assertInstanceOf(WalletSettings.Outcome.Updated.class,
                settings.setAutoTopUp(ownerId, true, Optional.of(packId), Optional.of(capMinor)));
    }

    /** {@code childId} invites and {@code guardianId} accepts: the guardian is linked to the child's wallet. */
    public void linkGuardian(String childId, String guardianId) {
        GuardianLinks.InviteOutcome.Invited invited = assertInstanceOf(GuardianLinks.InviteOutcome.Invited.class,
                guardians.invite(childId));
        assertInstanceOf(GuardianLinks.AcceptOutcome.Linked.class, guardians.accept(guardianId, invited.code()));
    }

    public String nextEventId() {
        return "evt_fake_" + (++events);
    }

    /** {@code payment_intent.succeeded} for the whole amount, under a new event id. */
    public PaymentEvent.PaymentSucceeded succeeded(Payment payment) {
        return new PaymentEvent.PaymentSucceeded(nextEventId(), "payment_intent.succeeded", payment,
                payment.amount().amountMinor());
    }
}

package dev.coinslot.api.lambda;

import dev.coinslot.api.checkout.CheckoutResource;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.WalletStatus;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Warms what a checkout's first invocation would otherwise pay for: the DynamoDB client (one {@code GetItem} of a
 * wallet that does not exist: a read, never a write), on a function that sells (checkout, all) the checkout's own
 * {@code TransactWriteItems} built by the real store and refused by DynamoDB (a purchase from a wallet version that
 * does not exist: the transaction is cancelled, nothing is written), the request JSON reading and Bean Validation of
 * the direct path, and the answer's JSON writing. Registered as a CRaC {@link Resource}, so Lambda SnapStart runs it
 * before it takes the snapshot ({@link #beforeCheckpoint}); with {@code coinslot.prime-at-startup=true} it also runs
 * during init (a plain JVM deployment then moves the first-use cost from the first request into init).
 */
@Startup
@ApplicationScoped
public class Priming implements Resource {

    /** The owner id primed with; no wallet has it (user ids come from JWT subjects, which never contain '#'). */
    static final String PRIMING_OWNER = "#priming";
    private static final Logger LOG = Logger.getLogger(Priming.class);

    // providers: registering must not create the DynamoDB client during init unless priming runs there
    private final Provider<WalletStore> wallets;
    private final Provider<DirectCheckout> direct;
    private final Provider<LambdaAnswers> answers;
    private final boolean atStartup;
    private final boolean sells;
    private volatile Primed last;

    public Priming(Provider<WalletStore> wallets, Provider<DirectCheckout> direct, Provider<LambdaAnswers> answers,
            CoinslotConfig config) {
        this.wallets = wallets;
        this.direct = direct;
        this.answers = answers;
        this.atStartup = config.primeAtStartup();
        this.sells = config.function() == FunctionName.checkout || config.function() == FunctionName.all;
    }

    /**
     * What one priming did. A class, not a record: every record in this package is a JSON type that native readiness
     * requires to be registered for reflection, and this one never leaves the process.
     */
    public static final class Primed {
        private final boolean walletFound;
        private final boolean transactionRefused;
        private final boolean requestAccepted;
        private final int answerBytes;
        private final long micros;

        Primed(boolean walletFound, boolean transactionRefused, boolean requestAccepted, int answerBytes, long micros) {
            this.walletFound = walletFound;
            this.transactionRefused = transactionRefused;
            this.requestAccepted = requestAccepted;
            this.answerBytes = answerBytes;
            this.micros = micros;
        }

        /** Whether the checkout's transaction went to DynamoDB and came back refused, as intended (false if not sent). */
        public boolean transactionRefused() {
            return transactionRefused;
        }

        /** Whether the wallet read found an item (it never should: the priming owner cannot exist). */
        public boolean walletFound() {
            return walletFound;
        }

        /** Whether the sample checkout body was read and passed Bean Validation. */
        public boolean requestAccepted() {
            return requestAccepted;
        }

        /** Size of the purchase answer's JSON body, in bytes. */
        public int answerBytes() {
            return answerBytes;
        }

        /** Wall time of the priming, in microseconds. */
        public long micros() {
            return micros;
        }
    }

    @PostConstruct
    void register() {
        Core.getGlobalContext().register(this);
        if (atStartup) {
            prime();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the SDK resolves credentials per request and the clients hold no open connection state
    }

    /** Runs each warm-up once; safe to call again. Failures are logged, never thrown: priming is an optimisation. */
    public Primed prime() {
        long start = System.nanoTime();
        boolean found = false;
        boolean accepted = false;
        int bytes = 0;
        boolean refused = false;
        try {
            found = wallets.get().findWallet(PRIMING_OWNER).isPresent();
        } catch (RuntimeException e) {
            LOG.warnf("priming: DynamoDB read failed: %s", e.toString());
        }
        if (sells) {
            try {
                refused = refusedPurchase();
            } catch (RuntimeException e) {
                LOG.warnf("priming: the refused checkout transaction failed otherwise: %s", e.toString());
            }
        }
        try {
            accepted = direct.get().prime();
            Instant at = Instant.EPOCH;
            Purchase sample = new Purchase("pur_priming", PRIMING_OWNER, "priming", 1, Credits.of(1), Credits.of(1),
                    Credits.of(0), at);
            bytes = answers.get().of(CheckoutResource.answer(new CheckoutOutcome.Purchased(sample, false, Optional.empty())))
                    .getBody().length();
        } catch (RuntimeException e) {
            LOG.warnf("priming: JSON or validation warm-up failed: %s", e.toString());
        }
        Primed primed = new Primed(found, refused, accepted, bytes, (System.nanoTime() - start) / 1000);
        LOG.infof("primed micros=%d", primed.micros());
        last = primed;
        return primed;
    }

    /**
     * The checkout's write as the store builds it (wallet update pinned to a version, idempotency record, purchase
     * entry), for a wallet nobody has: the wallet item's condition fails, DynamoDB cancels the whole transaction and the
     * store answers {@code WalletChanged}. Warms the SDK's marshalling, signing and cancellation handling of the one
     * request every checkout sends. A cancelled transaction writes nothing (it may still be billed as a write).
     */
    private boolean refusedPurchase() {
        Instant now = Instant.now();
        Wallet sample = new Wallet(PRIMING_OWNER, Credits.of(1_000), WalletStatus.ACTIVE, 1);
        WalletChange change = sample.purchase(Credits.of(1), now, "purchase:pur_priming");
        Purchase purchase = new Purchase("pur_priming", PRIMING_OWNER, "priming", 1, Credits.of(1), Credits.of(1),
                change.after().balance(), now, change.lots(), LotTake.value(change.lots()));
        CheckoutIdempotency record = new CheckoutIdempotency(PRIMING_OWNER, "priming", "0".repeat(64), purchase,
                Optional.empty(), now.plus(Duration.ofMinutes(5)));
        PurchaseWrite write = wallets.get().commitPurchase(change, purchase, record);
        if (!(write instanceof PurchaseWrite.WalletChanged)) {
            LOG.warnf("priming: the refused checkout transaction answered %s", write);
            return false;
        }
        return true;
    }

    /** The last priming's result, or {@code null} before the first. */
    public Primed last() {
        return last;
    }
}

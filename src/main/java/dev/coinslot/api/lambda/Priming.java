package dev.coinslot.api.lambda;

import dev.coinslot.api.checkout.CheckoutResource;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Purchase;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.time.Instant;
import java.util.Optional;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * Warms what a checkout's first invocation would otherwise pay for: the DynamoDB client (one {@code GetItem} of a
 * wallet that does not exist: a read, never a write), the request JSON reading and Bean Validation of the direct
 * path, and the answer's JSON writing. Registered as a CRaC {@link Resource}, so Lambda SnapStart runs it before it
 * takes the snapshot ({@link #beforeCheckpoint}); with {@code coinslot.prime-at-startup=true} it also runs during
 * init (a plain JVM deployment then moves the first-use cost from the first request into init).
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
    private volatile Primed last;

    public Priming(Provider<WalletStore> wallets, Provider<DirectCheckout> direct, Provider<LambdaAnswers> answers,
            CoinslotConfig config) {
        this.wallets = wallets;
        this.direct = direct;
        this.answers = answers;
        this.atStartup = config.primeAtStartup();
    }

    /**
     * What one priming did. A class, not a record: every record in this package is a JSON type that native readiness
     * requires to be registered for reflection, and this one never leaves the process.
     */
    public static final class Primed {
        private final boolean walletFound;
        private final boolean requestAccepted;
        private final int answerBytes;
        private final long micros;

        Primed(boolean walletFound, boolean requestAccepted, int answerBytes, long micros) {
            this.walletFound = walletFound;
            this.requestAccepted = requestAccepted;
            this.answerBytes = answerBytes;
            this.micros = micros;
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
        try {
            found = wallets.get().findWallet(PRIMING_OWNER).isPresent();
        } catch (RuntimeException e) {
            LOG.warnf("priming: DynamoDB read failed: %s", e.toString());
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
        Primed primed = new Primed(found, accepted, bytes, (System.nanoTime() - start) / 1000);
        LOG.infof("primed micros=%d", primed.micros());
        last = primed;
        return primed;
    }

    /** The last priming's result, or {@code null} before the first. */
    public Primed last() {
        return last;
    }
}

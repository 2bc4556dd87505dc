package dev.coinslot.application.wallet;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The scheduled half of expiry (the other half is the next write to the wallet): for yesterday and today (UTC), visits
 * the wallets the store lists as holding promotional credits expiring that day, and appends the EXPIRY entry of what
 * has lapsed by now. A wallet is marked done for a day once nothing of that day remains to lapse; a wallet whose
 * credits lapse later today is visited again by a later run. Safe beside checkouts: the same version-pinned write.
 */
@ApplicationScoped
public class ExpirySweep {

    private static final Logger LOG = Logger.getLogger(ExpirySweep.class);

    private final WalletStore store;
    private final Clock clock;

    public ExpirySweep(WalletStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Wallets visited, wallets that got an EXPIRY entry, credits expired, wallets left busy for the next run. */
    public record Report(int visited, int expired, long credits, int busy) {
    }

    public Report run() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int visited = 0;
        int expired = 0;
        long credits = 0;
        int busy = 0;
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            for (String ownerId : store.walletsExpiringOn(day)) {
                visited++;
                switch (expire(ownerId, now)) {
                    case Expired e -> {
                        expired++;
                        credits += e.credits();
                    }
                    case Busy b -> {
                        busy++;
                        continue;
                    }
                    case Nothing n -> {
                    }
                }
                Optional<Wallet> wallet = store.findWallet(ownerId);
                boolean dayLeft = wallet.stream().flatMap(w -> w.lots().lots().stream())
                        .anyMatch(lot -> lot.expiresAt().filter(at -> LocalDate.ofInstant(at, ZoneOffset.UTC).equals(day)).isPresent());
                if (!dayLeft) {
                    store.markExpirySwept(day, ownerId);
                }
            }
        }
        LOG.infof("expiry sweep visited=%d expired=%d credits=%d busy=%d", visited, expired, credits, busy);
        return new Report(visited, expired, credits, busy);
    }

    private sealed interface Result {
    }

    private record Expired(long credits) implements Result {
    }

    private record Nothing() implements Result {
    }

    private record Busy() implements Result {
    }

    private Result expire(String ownerId, Instant now) {
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Optional<Wallet> wallet = store.findWallet(ownerId);
            Optional<WalletChange> change = wallet.flatMap(w -> w.expire(now));
            if (change.isEmpty()) {
                return new Nothing();
            }
            switch (store.appendEntry(change.get())) {
                case LedgerWrite.Committed c -> {
                    LOG.infof("expiry wallet=%s credits=%d", ownerId, -change.get().entry().amount().amount());
                    return new Expired(-change.get().entry().amount().amount());
                }
                case LedgerWrite.WalletChanged w -> retry.backOff();
                case LedgerWrite.Contention c -> retry.backOff();
            }
        }
        return new Busy();
    }
}

package dev.coinslot.bench;

import dev.coinslot.adapter.dynamodb.DynamoDbWalletStore;
import dev.coinslot.application.Ids;
import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The physical limit: the checkout's own TransactWriteItems (wallet update + idempotency record + ledger entry +
 * purchase, built by the application's {@link DynamoDbWalletStore}) issued in a plain loop through a bare SDK client
 * with the same URL-connection HTTP client. No Quarkus, no CDI, no Lambda runtime, no HTTP/JSON layer.
 */
final class BareTransactLoop {

    private static final Credits PRICE = Credits.of(49);

    private final DynamoDbWalletStore store;
    private final Ids ids = new Ids();
    private final Clock clock = Clock.systemUTC();
    private Wallet wallet;
    private long cpuNanos;
    private long transactions;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    BareTransactLoop(DynamoDbClient client, String table, String ownerId, long balance, long version) {
        CoinslotConfig config = (CoinslotConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CoinslotConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "tableName" -> table;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        this.store = new DynamoDbWalletStore(client, config, clock);
        this.wallet = new Wallet(ownerId, Credits.of(balance), dev.coinslot.domain.WalletStatus.ACTIVE, version);
    }

    /** One checkout-shaped transaction; returns its latency in nanoseconds. */
    long once() {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        Instant now = clock.instant();
        String purchaseId = ids.purchaseId(now);
        WalletChange change = wallet.purchase(PRICE, now, "purchase:" + purchaseId);
        // the same items as the function's checkout of one sticker: with its grant and entitlement item
        java.util.List<dev.coinslot.domain.ownership.Granted> grants = java.util.List.of(new dev.coinslot.domain.ownership.Granted(
                "sticker-cat", dev.coinslot.domain.ownership.EntitlementType.CONSUMABLE, 1, java.util.Optional.empty(),
                java.util.Optional.empty()));
        Purchase purchase = new Purchase(purchaseId, wallet.ownerId(), "sticker-cat", 1, PRICE, PRICE,
                change.after().balance(), now, change.lots(), dev.coinslot.domain.LotTake.value(change.lots()))
                .withGrants(grants);
        String key = UUID.randomUUID().toString();
        CheckoutCommand command = new CheckoutCommand(wallet.ownerId(), key, "sticker-cat", 1, PRICE.amount());
        CheckoutIdempotency record = new CheckoutIdempotency(wallet.ownerId(), key, command.requestHash(), purchase,
                java.util.Optional.empty(), now.plus(Duration.ofHours(48)));
        PurchaseWrite write = store.commitPurchase(change, purchase, record,
                java.util.List.of(new dev.coinslot.domain.ownership.EntitlementChange.Add("sticker-cat", 1)));
        if (!(write instanceof PurchaseWrite.Committed)) {
            throw new IllegalStateException("bare transaction not committed: " + write);
        }
        wallet = change.after();
        cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
        transactions++;
        return System.nanoTime() - start;
    }

    /** CPU time of the calling threads (this JVM: C2, the SDK client side only) over the transactions so far. */
    long cpuNanos() {
        return cpuNanos;
    }

    long transactions() {
        return transactions;
    }
}

package dev.coinslot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.adapter.dynamodb.DynamoDbWalletStore;
import dev.coinslot.adapter.dynamodb.TableInitializer;
import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.application.port.WalletStore.LedgerWrite;
import dev.coinslot.application.port.WalletStore.LimitsWrite;
import dev.coinslot.application.port.WalletStore.PurchaseWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import dev.coinslot.support.fakes.MutableClock;
import dev.coinslot.support.fakes.TestConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The wallet item stays under 1 KB (one write unit; a checkout's transaction then costs 6 WCU) with the storefront's
 * attributes large: a purchase every day for 30 days, at the prices of 10 offers with 24-character ids (the checkout
 * keeps only the counts of offers still in the catalog document), and all three spending limits set. With about 20
 * live offers used it crosses 1 KB (the wallet update then costs 2 more WCU). Measured with DynamoDB's item size rules ({@link ItemSize}) on
 * the item the adapter wrote to DynamoDB Local.
 */
class WalletItemSizeTest {

    @Test
    void walletItem_withThirtyDaysOfPurchasesAndTenOffers_staysUnderOneKilobyte() {
        new DynamoDbLocalResource().start();
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            TableInitializer.createIfMissing(client, TestConfig.TABLE);
            MutableClock clock = new MutableClock(InMemoryCoinslot.START);
            DynamoDbWalletStore store = new DynamoDbWalletStore(client, TestConfig.defaults().coinslot(), clock);
            String user = "size-" + UUID.randomUUID();
            Wallet wallet = Wallet.empty(user);
            assertInstanceOf(LedgerWrite.Committed.class, store.appendEntry(wallet.credit(LedgerEntryType.GRANT,
                    List.of(Lot.paid(1_000_000, Money.of(1_000_000, "USD"), clock.instant(), "grant-size")), "grant:size",
                    clock.instant())));
            assertInstanceOf(LimitsWrite.Updated.class, store.setLimits(user, new SpendLimits(Optional.of(Credits.of(500_000)),
                    Optional.of(Credits.of(500_000)), Optional.of(Credits.of(900_000)), false), Optional.empty()));
            for (int day = 0; day < 30; day++) {
                Instant at = clock.instant().plus(Duration.ofDays(day));
                wallet = store.findWallet(user).orElseThrow();
                Optional<String> offerId = Optional.of("winter-offer-2026-" + String.format("%06d", day % 10));
                WalletChange change = wallet.purchase(Credits.of(12_345), at, "purchase:pur_" + day, offerId, 1);
                Purchase purchase = new Purchase("pur_" + day, user, "sku", 1, Credits.of(12_345), Credits.of(12_345),
                        change.after().balance(), at, change.lots(), LotTake.value(change.lots()), offerId, List.of());
                assertInstanceOf(PurchaseWrite.Committed.class, store.commitPurchase(change, purchase,
                        new CheckoutIdempotency(user, "k" + day, "h", purchase, Optional.empty(), at.plus(Duration.ofHours(48)))));
            }
            Wallet after = store.findWallet(user).orElseThrow();
            LocalDate last = LocalDate.ofInstant(clock.instant().plus(Duration.ofDays(29)), ZoneOffset.UTC);
            assertEquals(30 * 12_345, after.store().spent().last30Days(last).amount());
            assertEquals(10, after.store().offerUses().size());
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(TestConfig.TABLE).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("WALLET#" + user), "sk", AttributeValue.fromS("WALLET")))).item();
            int bytes = ItemSize.bytes(item);
            System.out.println("wallet item bytes=" + bytes + " (30 days of purchases, 10 offers, 3 limits)");
            assertTrue(bytes < 1024, "wallet item is " + bytes + " bytes");
        }
    }
}

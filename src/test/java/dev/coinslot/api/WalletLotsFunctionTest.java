package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.Money;
import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import dev.coinslot.support.WalletInvariants;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Wallet v2 over HTTP: the lots, split and expiry of GET /wallet and the ledger, and a purchase's recognised revenue. */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class WalletLotsFunctionTest {

    @Test
    void wallet_showsPaidAndPromoCredits_theNextExpiry_andTheLotsInSpendingOrder() {
        String user = Wallets.newUser("lots-view");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(Duration.ofDays(30));
        Wallets.fundLots(user, List.of(Lot.paid(500, Money.of(500, "USD"), now, "top_paid"),
                Lot.promo(LotSource.BONUS, 100, now, Optional.of(expires), "top_paid")));

        Response wallet = LambdaApi.as(user).get("/wallet");

        assertEquals(200, wallet.status(), wallet.body());
        assertEquals(600, wallet.json().getInt("balanceCredits"));
        assertEquals(500, wallet.json().getInt("paidCredits"));
        assertEquals(100, wallet.json().getInt("promoCredits"));
        assertEquals(100, wallet.json().getInt("nextExpiry.credits"));
        assertEquals(expires.toString(), wallet.json().getString("nextExpiry.at"));
        assertEquals(List.of("promo", "paid"), wallet.json().getList("lots.kind"));
        assertEquals(List.of("bonus", "topup"), wallet.json().getList("lots.source"));
        assertEquals(List.of(100, 500), wallet.json().getList("lots.credits"));
        assertEquals(expires.toString(), wallet.json().getString("lots[0].expiresAt"));
        assertNull(wallet.json().getString("lots[1].expiresAt"));
    }

    @Test
    void purchase_spendsPromoFirst_recognisesOnlyThePaidPart_andTheLedgerShowsTheSplit() {
        String user = Wallets.newUser("lots-buy");
        Instant now = Instant.now();
        Wallets.fundLots(user, List.of(Lot.paid(300, Money.of(299, "USD"), now, "top_p"),
                Lot.promo(LotSource.GRANT, 20, now, Optional.empty(), "")));

        Response bought = LambdaApi.as(user).checkout("lots-buy-1", "hat-gold", 1, 99);

        assertEquals(201, bought.status(), bought.body());
        // 20 promotional credits, then 79 paid: floor(299 × 79 / 300) = 78 cents
        assertEquals(78, bought.json().getInt("recognizedMinor"));
        assertEquals("USD", bought.json().getString("currency"));
        assertEquals(List.of(Map.of("amountMinor", 78, "currency", "USD")), bought.json().getList("recognized"));
        Response ledger = LambdaApi.as(user).get("/wallet/ledger");
        assertEquals("PURCHASE", ledger.json().getString("entries[0].type"));
        assertEquals(-99, ledger.json().getInt("entries[0].amountCredits"));
        assertEquals(-79, ledger.json().getInt("entries[0].paidCredits"));
        assertEquals(-20, ledger.json().getInt("entries[0].promoCredits"));
        assertEquals(221, WalletInvariants.assertConsistent(user));
        Response replay = LambdaApi.as(user).checkout("lots-buy-1", "hat-gold", 1, 99);
        assertEquals(bought.body(), replay.body(), "the replay answers the same recognised revenue");
    }

    @Test
    void purchase_fromPromoCreditsOnly_recognisesNothing() {
        String user = Wallets.newUser("lots-promo");
        Wallets.fund(user, 100);

        Response bought = LambdaApi.as(user).checkout("promo-1", "sticker-cat", 1, 49);

        assertEquals(201, bought.status(), bought.body());
        assertEquals(0, bought.json().getInt("recognizedMinor"));
        assertNull(bought.json().getString("currency"));
        assertEquals(List.of(), bought.json().getList("recognized"));
    }

    @Test
    void walletWrittenBeforeLots_readsAsOneLegacyPaidLot_andTheCheckoutUpgradesIt() {
        String user = Wallets.newUser("lots-legacy");
        Wallets.fundLegacy(user, 150);

        Response wallet = LambdaApi.as(user).get("/wallet");
        assertEquals(List.of("legacy"), wallet.json().getList("lots.source"));
        assertEquals(150, wallet.json().getInt("paidCredits"));
        Response bought = LambdaApi.as(user).checkout("legacy-1", "sticker-cat", 1, 49);

        assertEquals(201, bought.status(), bought.body());
        assertEquals(0, bought.json().getInt("recognizedMinor"), "a legacy lot's cost is unknown");
        assertEquals(101, WalletInvariants.assertMoneyInvariants(user).balance());
        assertEquals("L,101,,,0,,", WalletInvariants.itemsOfType(user, "WALLET").get(0).get("lots").s());
    }
}

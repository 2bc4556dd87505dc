package dev.coinslot.application.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.application.port.StoreUnavailableException;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.SpendLimit;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.support.fakes.Faults.Fault;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link CheckoutService}'s decisions on the in-memory stores: outcomes, idempotency, retries and giving up. */
class CheckoutServiceTest {

    private static final String USER = "user-1";

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private static CheckoutCommand buy(String key, String sku, int quantity, long expectedTotal) {
        return new CheckoutCommand(USER, key, sku, quantity, expectedTotal);
    }

    private static CheckoutCommand cat(String key) {
        return buy(key, "sticker-cat", 1, 49);
    }

    private long balance() {
        return app.table.assertConsistent(USER);
    }

    @Test
    void purchase_withEnoughCredits_debitsOnceAndRecordsThePurchaseAndItsKey() {
        app.grant(USER, 100);

        CheckoutOutcome.Purchased purchased = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertFalse(purchased.replayed());
        assertEquals(Credits.of(51), purchased.purchase().balanceAfter());
        assertEquals(51, balance());
        assertEquals(1, app.table.purchases(USER).size());
        assertEquals(purchased.purchase(), app.wallets.findCheckoutIdempotency(USER, "k1").orElseThrow().purchase());
    }

    @Test
    void purchase_withARememberedWallet_isOneStoreRequest() {
        app.grant(USER, 200);
        app.checkout.checkout(cat("k1"));
        app.table.faults().resetCounts();

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k2")));

        assertEquals(1, app.table.faults().calls(), "the happy path is the one conditional write");
        assertEquals(1, app.table.faults().calls("commitPurchase"));
        assertEquals(200 - 2 * 49, balance());
    }

    @Test
    void bundle_quantityTimesUnitPrice_isDebited() {
        app.grant(USER, 600);

        CheckoutOutcome.Purchased purchased = assertInstanceOf(CheckoutOutcome.Purchased.class,
                app.checkout.checkout(buy("k1", "sticker-pack", 2, 498)));

        assertEquals(Credits.of(498), purchased.purchase().total());
        assertEquals(102, balance());
    }

    @Test
    void replay_sameKeyAndRequest_returnsTheStoredPurchaseWithoutASecondDebit() {
        app.grant(USER, 100);
        CheckoutOutcome.Purchased first = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        CheckoutOutcome.Purchased again = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertTrue(again.replayed());
        assertEquals(first.purchase(), again.purchase());
        assertEquals(51, balance());
        assertEquals(1, app.table.purchases(USER).size());
    }

    @Test
    void replay_fromAnotherInstanceWithAStaleSnapshot_isAnsweredFromTheKeyNotDebitedAgain() {
        app.grant(USER, 100);
        InMemoryCoinslot.Instance other = app.secondInstance();
        other.checkout().checkout(cat("k1"));
        app.checkout.checkout(cat("warm-up"));

        CheckoutOutcome.Purchased replayed = assertInstanceOf(CheckoutOutcome.Purchased.class,
                other.checkout().checkout(cat("k1")));

        assertTrue(replayed.replayed());
        assertEquals(100 - 2 * 49, balance());
    }

    @Test
    void sameKey_differentRequest_isRefusedAsKeyReuse_andNothingIsWritten() {
        app.grant(USER, 500);
        app.checkout.checkout(cat("k1"));

        assertInstanceOf(CheckoutOutcome.IdempotencyKeyReused.class, app.checkout.checkout(buy("k1", "hat-gold", 1, 99)));

        assertEquals(451, balance());
        assertEquals(1, app.table.purchases(USER).size());
    }

    @Test
    void sameKey_afterTheRecordExpired_isANewPurchase() {
        app.grant(USER, 100);
        app.checkout.checkout(cat("k1"));
        app.clock.advance(Duration.ofHours(48).plusSeconds(2));

        CheckoutOutcome.Purchased second = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertFalse(second.replayed());
        assertEquals(2, balance());
    }

    @Test
    void insufficientCredits_returnsShortfallAndTheCheapestCoveringPack_andWritesNothing() {
        app.grant(USER, 30);

        CheckoutOutcome.InsufficientCredits refusal = assertInstanceOf(CheckoutOutcome.InsufficientCredits.class,
                app.checkout.checkout(buy("k1", "article-fees", 1, 199)));

        assertEquals(Credits.of(30), refusal.balance());
        assertEquals(Credits.of(199), refusal.price());
        assertEquals(Credits.of(169), refusal.shortfall());
        assertEquals("starter", refusal.suggestedPack().orElseThrow().id());
        assertEquals(30, balance());
        assertTrue(app.table.purchases(USER).isEmpty());
        assertTrue(app.wallets.findCheckoutIdempotency(USER, "k1").isEmpty());
    }

    @Test
    void insufficientCredits_beyondTheLargestPack_suggestsNoPack() {
        CheckoutOutcome.InsufficientCredits refusal = assertInstanceOf(CheckoutOutcome.InsufficientCredits.class,
                app.checkout.checkout(buy("k1", "article-fees", 20, 3980)));

        assertEquals(Credits.of(3980), refusal.shortfall());
        assertEquals(Optional.empty(), refusal.suggestedPack());
    }

    @Test
    void insufficientCredits_onAStaleSnapshot_isRecheckedOnAFreshRead_andPurchased() {
        app.grant(USER, 60);
        app.checkout.checkout(cat("k1"));
        app.grant(USER, 100);
        app.table.faults().resetCounts();

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k2")));

        assertEquals(1, app.table.faults().calls("findWallet"), "the refusal was re-checked on a fresh read");
        assertEquals(60 - 49 + 100 - 49, balance());
    }

    @Test
    void refusal_underAKeyThatAlreadyPurchased_replaysThePurchase() {
        app.grant(USER, 49);
        CheckoutOutcome.Purchased first = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        CheckoutOutcome.Purchased again = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertTrue(again.replayed(), "the balance is now short, but the key's answer stands");
        assertEquals(first.purchase(), again.purchase());
        assertEquals(0, balance());
    }

    @Test
    void priceChanged_returnsCurrentUnitPriceAndTotal_andWritesNothing() {
        app.grant(USER, 500);

        CheckoutOutcome.PriceChanged changed = assertInstanceOf(CheckoutOutcome.PriceChanged.class,
                app.checkout.checkout(buy("k1", "hat-gold", 2, 150)));

        assertEquals(Credits.of(99), changed.currentUnitPrice());
        assertEquals(Credits.of(198), changed.currentTotal());
        assertEquals(Credits.of(150), changed.expectedTotal());
        assertEquals(500, balance());
        assertEquals(0, app.table.faults().calls("commitPurchase"));
    }

    @Test
    void unknownSku_isRefused_andWritesNothing() {
        app.grant(USER, 500);

        assertEquals(new CheckoutOutcome.UnknownSku("nope"), app.checkout.checkout(buy("k1", "nope", 1, 1)));

        assertEquals(500, balance());
    }

    @Test
    void perPurchaseLimit_overTheLimit_isRefusedWithTheLimit_andNoResetTime() {
        app.grant(USER, 500);
        app.settings.setLimits(USER, new SpendLimits(Optional.of(Credits.of(50)), Optional.empty(), Optional.empty(), false),
                Optional.empty());

        CheckoutOutcome.OverLimit over = assertInstanceOf(CheckoutOutcome.OverLimit.class,
                app.checkout.checkout(buy("k1", "hat-gold", 1, 99)));

        assertEquals(SpendLimit.PER_PURCHASE, over.which());
        assertEquals(Credits.of(50), over.limit());
        assertEquals(Optional.empty(), over.resetsAt());
        assertEquals(500, balance());
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k2")));
    }

    @Test
    void dailyLimit_countsTodaysPurchases_andResetsAtMidnightUtc() {
        app.grant(USER, 500);
        app.settings.setLimits(USER, new SpendLimits(Optional.empty(), Optional.of(Credits.of(100)), Optional.empty(), false),
                Optional.empty());
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k2")));

        CheckoutOutcome.OverLimit over = assertInstanceOf(CheckoutOutcome.OverLimit.class, app.checkout.checkout(cat("k3")));

        assertEquals(SpendLimit.DAILY, over.which());
        assertEquals(Credits.of(98), over.spentSoFar());
        assertEquals(Optional.of(Instant.parse("2026-11-21T00:00:00Z")), over.resetsAt());
        app.clock.set(Instant.parse("2026-11-21T00:00:00Z"));
        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k3")));
        assertEquals(500 - 3 * 49, balance());
    }

    @Test
    void limitSetAfterTheSnapshot_isEnforcedByTheWrite_andTheRetryAnswersOverLimit() {
        app.grant(USER, 500);
        app.checkout.checkout(cat("k1"));
        // a guardian sets a limit through another function instance: this instance's snapshot does not know it
        app.linkGuardian(USER, "guardian-1");
        assertInstanceOf(WalletStore.LimitsWrite.Updated.class, app.wallets.setLimits(USER,
                new SpendLimits(Optional.of(Credits.of(10)), Optional.empty(), Optional.empty(), true), Optional.of("guardian-1")));
        app.table.faults().resetCounts();

        CheckoutOutcome.OverLimit over = assertInstanceOf(CheckoutOutcome.OverLimit.class, app.checkout.checkout(cat("k2")));

        assertEquals(Credits.of(10), over.limit());
        assertEquals(1, app.table.faults().calls("commitPurchase"), "the stored limit refused the one write");
        assertEquals(451, balance());
    }

    @Test
    void frozenWallet_isRefused() {
        app.paidTopUp(USER, "starter", "pm_card");
        String payment = app.payments.payments().get(0).paymentIntentId();
        app.reconciliation.handle(new PaymentEvent.DisputeOpened(app.nextEventId(), "charge.dispute.created", "dp_1", payment));

        assertInstanceOf(CheckoutOutcome.WalletFrozen.class, app.checkout.checkout(cat("k1")));

        assertEquals(500, balance());
    }

    @Test
    void staleSnapshot_lostCondition_retriesAtOnceWithTheWalletTheFailureReturned() {
        app.grant(USER, 200);
        app.checkout.checkout(cat("k1"));
        InMemoryCoinslot.Instance other = app.secondInstance();
        other.checkout().checkout(cat("k2"));
        app.table.faults().resetCounts();

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k3")));

        assertEquals(2, app.table.faults().calls("commitPurchase"));
        assertEquals(0, app.table.faults().calls("findWallet"), "the failed condition returned the current wallet");
        assertEquals(200 - 3 * 49, balance());
    }

    @Test
    void lostConditions_toCompetingWriters_areRetried_andEveryCreditIsKept() {
        app.grant(USER, 100);
        app.table.faults().beforeNext("commitPurchase", 5, () -> app.grant(USER, 1));

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertEquals(6, app.table.faults().calls("commitPurchase"));
        assertEquals(100 + 5 - 49, balance());
        assertEquals(1, app.table.purchases(USER).size());
    }

    @Test
    void lostConditions_onEveryAttempt_giveUpAfterTwelveAsContended_andDebitNothing() {
        app.grant(USER, 100);
        app.table.faults().beforeNext("commitPurchase", OptimisticRetry.MAX_ATTEMPTS, () -> app.grant(USER, 1));

        assertInstanceOf(CheckoutOutcome.Contended.class, app.checkout.checkout(cat("k1")));

        assertEquals(OptimisticRetry.MAX_ATTEMPTS, app.table.faults().calls("commitPurchase"));
        assertEquals(100 + OptimisticRetry.MAX_ATTEMPTS, balance());
        assertTrue(app.table.purchases(USER).isEmpty());
        assertTrue(app.wallets.findCheckoutIdempotency(USER, "k1").isEmpty());
    }

    @Test
    void transactionConflicts_areRetriedOnAFreshRead_upToTheLastAttempt() {
        app.grant(USER, 100);
        app.table.faults().resetCounts();
        app.table.faults().failNext("commitPurchase", OptimisticRetry.MAX_ATTEMPTS - 1, Fault.CONFLICT);

        assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertEquals(OptimisticRetry.MAX_ATTEMPTS, app.table.faults().calls("commitPurchase"));
        assertEquals(OptimisticRetry.MAX_ATTEMPTS, app.table.faults().calls("findWallet"), "the first read, then one per conflict");
        assertEquals(51, balance());
    }

    @Test
    void transactionConflicts_onEveryAttempt_giveUpAsContended_andDebitNothing() {
        app.grant(USER, 100);
        app.table.faults().failNext("commitPurchase", OptimisticRetry.MAX_ATTEMPTS, Fault.CONFLICT);

        assertInstanceOf(CheckoutOutcome.Contended.class, app.checkout.checkout(cat("k1")));

        assertEquals(100, balance());
        assertTrue(app.table.purchases(USER).isEmpty());
    }

    @Test
    void storeUnavailable_propagates_andNothingIsWritten() {
        app.grant(USER, 100);
        app.table.faults().failNext("commitPurchase", 1, Fault.UNAVAILABLE);

        assertThrows(StoreUnavailableException.class, () -> app.checkout.checkout(cat("k1")));

        assertEquals(100, balance());
        assertTrue(app.wallets.findCheckoutIdempotency(USER, "k1").isEmpty());
    }

    @Test
    void lostResponse_thenTheClientRetriesTheKey_debitsOnce_andReplaysThePurchase() {
        app.grant(USER, 100);
        app.table.faults().failNext("commitPurchase", 1, Fault.LOST_RESPONSE);
        assertThrows(StoreUnavailableException.class, () -> app.checkout.checkout(cat("k1")));

        CheckoutOutcome.Purchased retried = assertInstanceOf(CheckoutOutcome.Purchased.class, app.checkout.checkout(cat("k1")));

        assertTrue(retried.replayed());
        assertEquals(51, balance());
        assertEquals(1, app.table.purchases(USER).size());
    }
}

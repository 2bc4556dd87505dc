package dev.coinslot.application.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpirySweepTest {

    private static final String USER = "u-expiry";
    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private List<LedgerEntryType> types() {
        return app.table.ledger(USER).stream().map(LedgerEntry::type).toList();
    }

    @Test
    void sweep_onTheExpiryDay_expiresTheLapsedGrant_once_andLeavesPaidCredits() {
        app.paidTopUp(USER, "starter", "pm_1");
        app.grant(USER, 100);
        app.clock.advance(Duration.ofDays(90));

        ExpirySweep.Report first = app.expirySweep.run();
        ExpirySweep.Report second = app.expirySweep.run();

        assertEquals(new ExpirySweep.Report(1, 1, 100, 0), first);
        assertEquals(new ExpirySweep.Report(0, 0, 0, 0), second, "the wallet is marked done for the day");
        assertEquals(List.of(LedgerEntryType.TOP_UP, LedgerEntryType.GRANT, LedgerEntryType.EXPIRY), types());
        LedgerEntry expiry = app.table.ledger(USER).get(2);
        assertEquals(-100, expiry.promoCredits().amount());
        assertEquals(0, expiry.paidCredits().amount());
        assertEquals(500, app.table.assertConsistent(USER));
    }

    @Test
    void sweep_earlierOnTheExpiryDay_expiresNothing_andVisitsAgainLater() {
        app.grant(USER, 100);
        app.clock.advance(Duration.ofDays(90).minusHours(1));

        assertEquals(new ExpirySweep.Report(1, 0, 0, 0), app.expirySweep.run());
        assertEquals(100, app.table.assertConsistent(USER));

        app.clock.advance(Duration.ofHours(1));
        assertEquals(new ExpirySweep.Report(1, 1, 100, 0), app.expirySweep.run());
        assertEquals(0, app.table.assertConsistent(USER));
    }

    @Test
    void sweep_afterACheckoutAlreadyExpiredTheCredits_writesNothingMore() {
        app.paidTopUp(USER, "starter", "pm_1");
        app.grant(USER, 100);
        app.clock.advance(Duration.ofDays(91));
        app.checkout.checkout(new dev.coinslot.application.checkout.CheckoutCommand(USER, "k1", "sticker-cat", 1, 49));

        // the sweep of yesterday's and today's schedule finds the wallet with nothing left to lapse
        assertEquals(new ExpirySweep.Report(1, 0, 0, 0), app.expirySweep.run());
        assertEquals(List.of(LedgerEntryType.TOP_UP, LedgerEntryType.GRANT, LedgerEntryType.EXPIRY, LedgerEntryType.PURCHASE),
                types());
        assertEquals(451, app.table.assertConsistent(USER));
    }

    @Test
    void walletRead_atTheExpirySecond_neverCountsTheLapsedCredits() {
        app.grant(USER, 100);
        app.clock.advance(Duration.ofDays(90).minusSeconds(1));
        assertEquals(100, app.queries().wallet(USER).balance().amount());
        app.clock.advance(Duration.ofSeconds(1));
        assertEquals(0, app.queries().wallet(USER).balance().amount());
        assertEquals(0, app.queries().wallet(USER).lots().promo().amount());
    }
}

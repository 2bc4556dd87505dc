package dev.coinslot.application.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.checkout.CheckoutCommand;
import dev.coinslot.application.wallet.WalletSettings.Outcome;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.CheckoutOutcome;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.support.fakes.FakePaymentGateway.Card;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link WalletSettings} on the fakes: spending limits (owner and guardian) and switching auto top-up. */
class WalletSettingsTest {

    private static final String USER = "user-settings";
    private static final String GUARDIAN = "guardian-settings";

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private static SpendLimits daily(long credits, boolean byGuardian) {
        return new SpendLimits(Optional.empty(), Optional.of(Credits.of(credits)), Optional.empty(), byGuardian);
    }

    private Outcome enable(String packId, long capMinor) {
        return app.settings.setAutoTopUp(USER, true, Optional.of(packId), Optional.of(capMinor));
    }

    @Test
    void ownerSetsLimits_onAWalletNeverCredited_andTheAnswerAndSnapshotCarryThem() {
        Outcome.Updated updated = assertInstanceOf(Outcome.Updated.class,
                app.settings.setLimits(USER, daily(100, false), Optional.empty()));

        assertEquals(daily(100, false), updated.wallet().limits());
        assertEquals(daily(100, false), app.snapshots.get(USER).orElseThrow().limits());
        assertEquals(0, app.table.assertConsistent(USER), "settings move no money");
    }

    @Test
    void guardianManagedLimits_refuseTheOwner_butNotTheGuardian() {
        app.linkGuardian(USER, GUARDIAN);
        assertInstanceOf(Outcome.Updated.class, app.settings.setLimits(USER, daily(100, true), Optional.of(GUARDIAN)));

        assertInstanceOf(Outcome.LimitsManagedByGuardian.class,
                app.settings.setLimits(USER, daily(1_000, false), Optional.empty()));
        assertEquals(daily(100, true), app.table.wallet(USER).orElseThrow().limits());

        assertInstanceOf(Outcome.Updated.class, app.settings.setLimits(USER, daily(200, true), Optional.of(GUARDIAN)));
        assertEquals(daily(200, true), app.table.wallet(USER).orElseThrow().limits());
    }

    @Test
    void guardianHandingLimitsBack_letsTheOwnerChangeThemAgain() {
        app.linkGuardian(USER, GUARDIAN);
        app.settings.setLimits(USER, daily(100, true), Optional.of(GUARDIAN));
        app.settings.setLimits(USER, daily(100, false), Optional.of(GUARDIAN));

        assertInstanceOf(Outcome.Updated.class, app.settings.setLimits(USER, SpendLimits.NONE, Optional.empty()));
    }

    @Test
    void anotherGuardian_isNotGuardian_andTheLimitsStay() {
        app.linkGuardian(USER, GUARDIAN);
        app.settings.setLimits(USER, daily(100, true), Optional.of(GUARDIAN));

        assertInstanceOf(Outcome.NotGuardian.class, app.settings.setLimits(USER, daily(5_000, true), Optional.of("guardian-x")));
        assertInstanceOf(Outcome.NotGuardian.class, app.settings.setLimits(USER, SpendLimits.NONE, Optional.of(USER)));

        assertEquals(daily(100, true), app.table.wallet(USER).orElseThrow().limits());
    }

    @Test
    void aGuardian_ofAWalletWithoutOne_orOfNoWallet_isNotGuardian_andCreatesNothing() {
        app.settings.setLimits(USER, daily(100, false), Optional.empty());

        assertInstanceOf(Outcome.NotGuardian.class, app.settings.setLimits(USER, daily(1, true), Optional.of(GUARDIAN)));
        assertInstanceOf(Outcome.NotGuardian.class, app.settings.setLimits("nobody", daily(1, true), Optional.of(GUARDIAN)));

        assertEquals(daily(100, false), app.table.wallet(USER).orElseThrow().limits());
        assertTrue(app.table.wallet("nobody").isEmpty());
    }

    @Test
    void afterUnlink_theFormerGuardianIsNotGuardian_andTheOwnerOwnsTheLimits() {
        app.linkGuardian(USER, GUARDIAN);
        app.settings.setLimits(USER, daily(100, true), Optional.of(GUARDIAN));

        assertInstanceOf(GuardianLinks.UnlinkOutcome.Unlinked.class, app.guardians.unlink(GUARDIAN, USER));

        assertInstanceOf(Outcome.NotGuardian.class, app.settings.setLimits(USER, daily(1, true), Optional.of(GUARDIAN)));
        assertEquals(daily(100, false), app.table.wallet(USER).orElseThrow().limits(), "the limits stay, now the owner's");
        assertInstanceOf(Outcome.Updated.class, app.settings.setLimits(USER, SpendLimits.NONE, Optional.empty()));
    }

    @Test
    void limitsSetHere_areWhatTheNextCheckoutEnforces() {
        app.grant(USER, 500);
        app.settings.setLimits(USER, new SpendLimits(Optional.of(Credits.of(60)), Optional.empty(), Optional.empty(), false),
                Optional.empty());

        assertInstanceOf(CheckoutOutcome.OverLimit.class,
                app.checkout.checkout(new CheckoutCommand(USER, "k1", "hat-gold", 1, 99)));
    }

    @Test
    void enablingAutoTopUp_withoutASavedCard_isNoSavedCard() {
        assertInstanceOf(Outcome.NoSavedCard.class, enable("plus", 5_000));

        assertTrue(app.table.wallet(USER).flatMap(Wallet::autoTopUp).isEmpty());
    }

    @Test
    void enablingAutoTopUp_withASavedCard_storesPackAndCap() {
        app.paidTopUp(USER, "starter", "pm_1");

        Outcome.Updated updated = assertInstanceOf(Outcome.Updated.class, enable("plus", 5_000));

        AutoTopUp auto = updated.wallet().autoTopUp().orElseThrow();
        assertTrue(auto.enabled());
        assertEquals("plus", auto.packId());
        assertEquals(Money.of(5_000, "USD"), auto.monthlyCap());
    }

    @Test
    void enablingAutoTopUp_checksPackCapAndProcessor_beforeWriting() {
        app.paidTopUp(USER, "starter", "pm_1");

        assertEquals(new Outcome.UnknownPack("huge"), enable("huge", 5_000));
        assertEquals(new Outcome.CapOutOfRange(Money.of(1000, "USD"), Money.of(50_000, "USD")), enable("plus", 999));
        assertEquals(new Outcome.CapOutOfRange(Money.of(1000, "USD"), Money.of(50_000, "USD")), enable("plus", 50_001));
        assertInstanceOf(Outcome.UnknownPack.class, app.settings.setAutoTopUp(USER, true, Optional.empty(), Optional.of(5_000L)));
        app.payments.configured(false);
        assertInstanceOf(Outcome.PaymentsNotConfigured.class, enable("plus", 5_000));

        assertEquals(0, app.table.faults().calls("setAutoTopUp"));
        assertTrue(app.table.wallet(USER).orElseThrow().autoTopUp().isEmpty());
    }

    @Test
    void disabling_keepsPackAndCap_andDisablingWhatWasNeverOn_writesNothing() {
        app.paidTopUp(USER, "starter", "pm_1");
        enable("plus", 5_000);
        app.table.faults().resetCounts();

        Outcome.Updated off = assertInstanceOf(Outcome.Updated.class,
                app.settings.setAutoTopUp(USER, false, Optional.empty(), Optional.empty()));

        AutoTopUp auto = off.wallet().autoTopUp().orElseThrow();
        assertFalse(auto.enabled());
        assertEquals("plus", auto.packId());
        assertEquals(Money.of(5_000, "USD"), auto.monthlyCap());

        assertInstanceOf(Outcome.Updated.class, app.settings.setAutoTopUp("someone-else", false, Optional.empty(),
                Optional.empty()));
        assertEquals(1, app.table.faults().calls("setAutoTopUp"), "only the wallet that had auto top-up was written");
    }

    @Test
    void reEnablingAfterDeclinesSwitchedItOff_clearsTheFailuresAndReason_butKeepsTheMonthsCharges() {
        app.autoTopUpOn(USER, "pm_1", "plus", 5_000);
        app.checkout.checkout(new CheckoutCommand(USER, "ok", "article-fees", 3, 597));
        app.payments.card("pm_1", Card.DECLINES, "card_declined");
        for (int i = 0; i < 3; i++) {
            app.checkout.checkout(new CheckoutCommand(USER, "d" + i, "article-fees", 6, 1194));
        }
        AutoTopUp switchedOff = app.table.wallet(USER).orElseThrow().autoTopUp().orElseThrow();
        assertFalse(switchedOff.enabled());

        AutoTopUp again = assertInstanceOf(Outcome.Updated.class, enable("plus", 5_000)).wallet().autoTopUp().orElseThrow();

        assertTrue(again.enabled());
        assertEquals(0, again.consecutiveFailures());
        assertEquals(Optional.empty(), again.disabledReason());
        assertEquals(1000, again.chargedMinor(), "the month's successful charge still counts against the cap");
    }
}

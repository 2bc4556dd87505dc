package dev.coinslot.application.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.application.Ids;
import dev.coinslot.application.wallet.GuardianLinks.AcceptOutcome;
import dev.coinslot.application.wallet.GuardianLinks.InviteOutcome;
import dev.coinslot.application.wallet.GuardianLinks.UnlinkOutcome;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.support.fakes.InMemoryCoinslot;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link GuardianLinks} on the fakes: one-time invitation codes, stored hashed, and who may link and unlink. */
class GuardianLinksTest {

    private static final String CHILD = "user-child";
    private static final String GUARDIAN = "user-guardian";

    private final InMemoryCoinslot app = new InMemoryCoinslot();

    private InviteOutcome.Invited invite() {
        return assertInstanceOf(InviteOutcome.Invited.class, app.guardians.invite(CHILD));
    }

    @Test
    void invite_givesACodeValidForTheTtl_storedOnlyAsItsHash() {
        InviteOutcome.Invited invited = invite();

        assertEquals(GuardianLinks.CODE_LENGTH, invited.code().length());
        assertTrue(invited.code().matches("[A-Z2-7]+"));
        assertEquals(InMemoryCoinslot.START.plus(Duration.ofHours(1)), invited.expiresAt());
        assertEquals(Set.of(Ids.sha256(invited.code())), app.table.inviteKeys());
        assertFalse(app.table.inviteKeys().contains(invited.code()));
    }

    @Test
    void accept_linksTheGuardian_once_andTheSameGuardianGetsTheSameAnswerAgain() {
        InviteOutcome.Invited invited = invite();
        Instant linkedAt = app.clock.instant();

        assertEquals(new AcceptOutcome.Linked(CHILD, linkedAt, false), app.guardians.accept(GUARDIAN, invited.code()));
        app.clock.advance(Duration.ofMinutes(5));

        assertEquals(new AcceptOutcome.Linked(CHILD, linkedAt, true), app.guardians.accept(GUARDIAN, invited.code()));
        assertInstanceOf(AcceptOutcome.NoSuchInvite.class, app.guardians.accept("user-other", invited.code()));
        assertInstanceOf(InviteOutcome.GuardianAlreadyLinked.class, app.guardians.invite(CHILD));
    }

    @Test
    void accept_takesTheCodeInLowerCase() {
        InviteOutcome.Invited invited = invite();

        assertInstanceOf(AcceptOutcome.Linked.class, app.guardians.accept(GUARDIAN, invited.code().toLowerCase(Locale.ROOT)));
    }

    @Test
    void malformedCode_isRefused_withoutAskingTheStore() {
        invite();
        app.table.faults().resetCounts();

        assertInstanceOf(AcceptOutcome.MalformedCode.class, app.guardians.accept(GUARDIAN, "short"));
        assertInstanceOf(AcceptOutcome.MalformedCode.class, app.guardians.accept(GUARDIAN, null));
        assertInstanceOf(AcceptOutcome.MalformedCode.class, app.guardians.accept(GUARDIAN, "1".repeat(GuardianLinks.CODE_LENGTH)));

        assertEquals(0, app.table.faults().calls());
    }

    @Test
    void expiredReplacedOrOwnCode_linksNobody() {
        InviteOutcome.Invited first = invite();
        InviteOutcome.Invited second = invite();

        assertInstanceOf(AcceptOutcome.NoSuchInvite.class, app.guardians.accept(GUARDIAN, first.code()), "replaced");
        assertInstanceOf(AcceptOutcome.OwnInvite.class, app.guardians.accept(CHILD, second.code()));
        app.clock.set(second.expiresAt());
        assertInstanceOf(AcceptOutcome.NoSuchInvite.class, app.guardians.accept(GUARDIAN, second.code()), "expired");

        assertInstanceOf(InviteOutcome.Invited.class, app.guardians.invite(CHILD), "still no guardian linked");
    }

    @Test
    void unlink_onlyByTheLinkedGuardian_repeatable_thenTheChildMayInviteAgain() {
        app.linkGuardian(CHILD, GUARDIAN);

        assertInstanceOf(UnlinkOutcome.NotGuardian.class, app.guardians.unlink("user-other", CHILD));
        assertInstanceOf(UnlinkOutcome.NotGuardian.class, app.guardians.unlink(CHILD, CHILD), "the child cannot unlink alone");
        assertInstanceOf(UnlinkOutcome.Unlinked.class, app.guardians.unlink(GUARDIAN, CHILD));
        assertInstanceOf(UnlinkOutcome.Unlinked.class, app.guardians.unlink(GUARDIAN, CHILD), "a retried unlink");

        assertInstanceOf(WalletSettings.Outcome.NotGuardian.class,
                app.settings.setLimits(CHILD, SpendLimits.NONE, Optional.of(GUARDIAN)));
        assertInstanceOf(InviteOutcome.Invited.class, app.guardians.invite(CHILD));
    }
}

package dev.coinslot.application.wallet;

import dev.coinslot.application.Ids;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.GuardianStore;
import dev.coinslot.application.port.GuardianStore.LinkWrite;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Links a guardian to a child's wallet with the child's consent: the child asks for a one-time invitation code and
 * hands it to the guardian, whose acceptance records the guardian on the wallet. Only the linked guardian may then
 * set the wallet's limits or unlink; the child cannot unlink alone. Codes are 128 random bits, stored only hashed.
 */
@ApplicationScoped
public class GuardianLinks {

    private static final Logger LOG = Logger.getLogger(GuardianLinks.class);
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    /** 16 random bytes in RFC 4648 base32 without padding. */
    public static final int CODE_LENGTH = 26;
    private static final Pattern CODE = Pattern.compile("[A-Za-z2-7]{" + CODE_LENGTH + "}");

    private final GuardianStore store;
    private final Clock clock;
    private final Duration inviteTtl;
    private final SecureRandom random = new SecureRandom();

    public GuardianLinks(GuardianStore store, Clock clock, ServiceSettings settings) {
        this.store = store;
        this.clock = clock;
        this.inviteTtl = settings.guardianInviteTtl();
    }

    public sealed interface InviteOutcome {
        /** The code to hand to the guardian, shown once; it works once, until {@code expiresAt}. */
        record Invited(String code, Instant expiresAt) implements InviteOutcome {
        }

        record GuardianAlreadyLinked() implements InviteOutcome {
        }
    }

    public sealed interface AcceptOutcome {
        record Linked(String childId, Instant linkedAt, boolean replayed) implements AcceptOutcome {
        }

        /** Not a code of the right shape at all. */
        record MalformedCode() implements AcceptOutcome {
        }

        /** Unknown, expired, replaced or already used by another guardian: one answer for all, so nothing leaks. */
        record NoSuchInvite() implements AcceptOutcome {
        }

        record OwnInvite() implements AcceptOutcome {
        }
    }

    public sealed interface UnlinkOutcome {
        record Unlinked() implements UnlinkOutcome {
        }

        record NotGuardian() implements UnlinkOutcome {
        }
    }

    /** A new one-time code for {@code childId}'s wallet, replacing any pending one. */
    public InviteOutcome invite(String childId) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String code = base32(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(inviteTtl);
        return switch (store.createInvite(childId, Ids.sha256(code), now, expiresAt)) {
            case GuardianStore.InviteWrite.Created c -> {
                LOG.infof("guardianInvite wallet=%s expiresAt=%s", childId, expiresAt);
                yield new InviteOutcome.Invited(code, expiresAt);
            }
            case GuardianStore.InviteWrite.GuardianAlreadyLinked l -> new InviteOutcome.GuardianAlreadyLinked();
        };
    }

    /** {@code guardianId} accepts the invitation with {@code code}. */
    public AcceptOutcome accept(String guardianId, String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return new AcceptOutcome.MalformedCode();
        }
        return switch (store.accept(Ids.sha256(code.toUpperCase(Locale.ROOT)), guardianId, clock.instant())) {
            case LinkWrite.Linked l -> {
                LOG.infof("guardianLinked wallet=%s guardian=%s replayed=%s", l.childId(), guardianId, l.replayed());
                yield new AcceptOutcome.Linked(l.childId(), l.linkedAt(), l.replayed());
            }
            case LinkWrite.NoSuchInvite n -> new AcceptOutcome.NoSuchInvite();
            case LinkWrite.OwnInvite o -> new AcceptOutcome.OwnInvite();
        };
    }

    /** {@code guardianId} stops managing {@code childId}'s wallet; the limits stay, and the child may change them. */
    public UnlinkOutcome unlink(String guardianId, String childId) {
        return switch (store.unlink(childId, guardianId, clock.instant())) {
            case GuardianStore.UnlinkWrite.Unlinked u -> {
                LOG.infof("guardianUnlinked wallet=%s guardian=%s", childId, guardianId);
                yield new UnlinkOutcome.Unlinked();
            }
            case GuardianStore.UnlinkWrite.NotLinked n -> new UnlinkOutcome.NotGuardian();
        };
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}

package dev.coinslot.application.port;

import java.time.Instant;

/**
 * The guardian relation: a wallet owner's (the child's) invitation, stored only as the SHA-256 of its one-time code,
 * and the managing guardian's id recorded on the wallet. Each method is one conditional DynamoDB write (or
 * transaction); conflicts come back as values, infrastructure failures as {@link StoreUnavailableException}.
 */
public interface GuardianStore {

    /**
     * Records an invitation from {@code childId} whose code hashes to {@code codeHash}, valid until {@code expiresAt},
     * and makes it the wallet's one pending invitation (an earlier pending code stops working). Creates the wallet if
     * needed. Refused while a guardian is linked.
     */
    InviteWrite createInvite(String childId, String codeHash, Instant createdAt, Instant expiresAt);

    /**
     * Atomically consumes the invitation {@code codeHash} (only if unused, unexpired at {@code now} and still the
     * wallet's pending one) and records {@code guardianId} on the child's wallet (only if no guardian is linked).
     * The guardian who already consumed it gets {@link LinkWrite.Linked} again with {@code replayed} set.
     */
    LinkWrite accept(String codeHash, String guardianId, Instant now);

    /**
     * Removes {@code guardianId} from {@code childId}'s wallet (only if it is the linked guardian); the limits stay and
     * become the owner's. A repeat by the guardian who unlinked is {@link UnlinkWrite.Unlinked} again.
     */
    UnlinkWrite unlink(String childId, String guardianId, Instant now);

    sealed interface InviteWrite {
        record Created() implements InviteWrite {
        }

        /** The wallet already has a guardian; nothing was written. */
        record GuardianAlreadyLinked() implements InviteWrite {
        }
    }

    sealed interface LinkWrite {
        /** {@code guardianId} manages {@code childId}'s wallet since {@code linkedAt}. */
        record Linked(String childId, Instant linkedAt, boolean replayed) implements LinkWrite {
        }

        /** No usable invitation has this code: unknown, expired, replaced or consumed by another guardian. */
        record NoSuchInvite() implements LinkWrite {
        }

        /** The code belongs to the caller's own wallet: nobody is their own guardian. */
        record OwnInvite() implements LinkWrite {
        }
    }

    sealed interface UnlinkWrite {
        record Unlinked() implements UnlinkWrite {
        }

        /** The caller is not this wallet's guardian (or there is no such wallet); nothing was written. */
        record NotLinked() implements UnlinkWrite {
        }
    }
}

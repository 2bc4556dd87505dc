package dev.coinslot.support.fakes;

import dev.coinslot.application.port.GuardianStore;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.support.fakes.InMemoryTable.InviteItem;
import dev.coinslot.support.fakes.InMemoryTable.WalletItem;
import java.time.Instant;

/** {@link GuardianStore} on the {@link InMemoryTable}, with the conditions of {@code DynamoDbGuardianStore}. */
public final class InMemoryGuardianStore implements GuardianStore {

    private final InMemoryTable table;

    public InMemoryGuardianStore(InMemoryTable table) {
        this.table = table;
    }

    @Override
    public InviteWrite createInvite(String childId, String codeHash, Instant createdAt, Instant expiresAt) {
        return table.call("createInvite", null, () -> {
            if (table.invites.containsKey(codeHash)) {
                throw new IllegalStateException("invitation not written: code hash taken");
            }
            WalletItem existing = table.wallets.get(childId);
            if (existing != null && existing.guardianId != null) {
                return new InviteWrite.GuardianAlreadyLinked();
            }
            table.invites.put(codeHash, new InviteItem(childId, expiresAt));
            table.write(childId).pendingInvite = codeHash;
            return new InviteWrite.Created();
        });
    }

    /** The adapter's read, checks and one transaction (consume the invite, link the wallet), atomic under the lock. */
    @Override
    public LinkWrite accept(String codeHash, String guardianId, Instant now) {
        return table.call("accept", null, () -> {
            InviteItem invite = table.invites.get(codeHash);
            if (invite == null) {
                return new LinkWrite.NoSuchInvite();
            }
            WalletItem wallet = table.wallets.get(invite.ownerId);
            if (invite.consumedBy != null) {
                boolean stillLinked = invite.consumedBy.equals(guardianId) && wallet != null
                        && guardianId.equals(wallet.guardianId);
                return stillLinked ? new LinkWrite.Linked(invite.ownerId, wallet.guardianSince, true)
                        : new LinkWrite.NoSuchInvite();
            }
            if (invite.expiresAt.getEpochSecond() <= now.getEpochSecond()) {
                return new LinkWrite.NoSuchInvite();
            }
            if (invite.ownerId.equals(guardianId)) {
                return new LinkWrite.OwnInvite();
            }
            if (wallet == null || !codeHash.equals(wallet.pendingInvite) || wallet.guardianId != null) {
                // Replaced by a newer invitation, or a guardian was linked meanwhile: the transaction writes nothing.
                return new LinkWrite.NoSuchInvite();
            }
            invite.consumedBy = guardianId;
            table.write(invite.ownerId).guardianId = guardianId;
            wallet.guardianSince = now;
            wallet.pendingInvite = null;
            wallet.unlinkedBy = null;
            return new LinkWrite.Linked(invite.ownerId, now, false);
        });
    }

    /** Removes the guardian and hands the limits back to the owner; a repeat by the guardian who unlinked answers alike. */
    @Override
    public UnlinkWrite unlink(String childId, String guardianId, Instant now) {
        return table.call("unlink", null, () -> {
            WalletItem wallet = table.wallets.get(childId);
            boolean linked = wallet != null && guardianId.equals(wallet.guardianId);
            boolean unlinkedByThem = wallet != null && wallet.guardianId == null && guardianId.equals(wallet.unlinkedBy);
            if (!linked && !unlinkedByThem) {
                return new UnlinkWrite.NotLinked();
            }
            table.write(childId).unlinkedBy = guardianId;
            SpendLimits kept = wallet.limits;
            wallet.limits = new SpendLimits(kept.perPurchase(), kept.daily(), kept.monthly(), false);
            wallet.guardianId = null;
            wallet.guardianSince = null;
            return new UnlinkWrite.Unlinked();
        });
    }
}

package dev.coinslot.application.loyalty;

import dev.coinslot.application.Ids;
import dev.coinslot.application.OptimisticRetry;
import dev.coinslot.application.port.LoyaltyStore;
import dev.coinslot.application.port.LoyaltyStore.LoyaltySnapshot;
import dev.coinslot.application.port.LoyaltyStore.RecordedReward;
import dev.coinslot.application.port.LoyaltyStore.RewardWrite;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.DailyClaim;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.GrantOutcome;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyProgress;
import dev.coinslot.domain.loyalty.LoyaltyState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daily reward and the operator's earn-or-buy grants. Both are idempotent without an idempotency key: the daily
 * reward is recorded under {@code daily:<UTC day>}, a grant under {@code grant:<reference>}, so a second claim the
 * same day, or a grant repeated with the same reference and body, answers what the first one wrote. Parallel claims or
 * grants race on the wallet's version: one writes, the others read again and see it (exactly one reward; the daily
 * cap of grants is never exceeded).
 * Each reward is a promotional lot ({@link LotSource#REWARD}, expiring as the rules say) with a ledger entry of its own
 * type.
 */
@ApplicationScoped
public class LoyaltyRewards {

    /** What a daily claim answered. */
    public sealed interface DailyOutcome {
        /** Today's reward: written now, or ({@code replayed}) earlier today. */
        record Claimed(RecordedReward reward, Instant nextClaimAt, boolean replayed) implements DailyOutcome {
        }

        /** The rules offer no daily reward. */
        record NotOffered() implements DailyOutcome {
        }
    }

    /** An operator's grant: {@code credits} to {@code ownerId} for {@code reason}, once per {@code reference}. */
    public record GrantCommand(String ownerId, Credits credits, String reason, String reference) {
        public GrantCommand {
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(reference, "reference");
            if (!credits.isPositive()) {
                throw new IllegalArgumentException("a grant is a positive number of credits");
            }
        }

        String fingerprint() {
            return Ids.sha256(credits.amount() + "\n" + reason);
        }
    }

    /** What a grant answered. */
    public sealed interface GrantResult {
        /** Granted now, or ({@code replayed}) by an earlier request with the same reference and body. */
        record Granted(RecordedReward reward, boolean replayed) implements GrantResult {
        }

        /** The reference was used before with another amount or reason; nothing was granted. */
        record ReferenceReused(String reference) implements GrantResult {
        }

        /** Refused by the daily cap (see {@link GrantOutcome}). */
        record Refused(GrantOutcome refusal) implements GrantResult {
        }
    }

    private final LoyaltyProgram program;
    private final LoyaltyStore store;
    private final Clock clock;

    public LoyaltyRewards(LoyaltyProgram program, LoyaltyStore store, Clock clock) {
        this.program = program;
        this.store = store;
        this.clock = clock;
    }

    /** The user's loyalty standing now (streak, stamps, daily claim), for {@code GET /wallet}. */
    /** The loyalty standing of {@code wallet} as read (its item carries the state checkout and claims write): no read. */
    public LoyaltyProgress progress(Wallet wallet) {
        return program.progress(wallet.loyalty(), clock.instant());
    }

    public DailyOutcome claimDaily(String ownerId) {
        Instant now = clock.instant();
        String reference = "daily:" + LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant next = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            LoyaltySnapshot snapshot = store.read(ownerId);
            switch (program.claimDaily(snapshot.state(), now)) {
                case DailyClaim.NotOffered n -> {
                    return new DailyOutcome.NotOffered();
                }
                case DailyClaim.AlreadyClaimed a -> {
                    Optional<RecordedReward> earlier = store.findReward(ownerId, reference);
                    if (earlier.isPresent()) {
                        return new DailyOutcome.Claimed(earlier.get(), a.nextClaimAt(), true);
                    }
                    // the state says claimed but the record is not visible yet: read again
                    retry.backOff();
                }
                case DailyClaim.Claimed c -> {
                    switch (commit(snapshot, c.state(), c.reward(), reference, "daily", now)) {
                        case RewardWrite.Committed w -> {
                            return new DailyOutcome.Claimed(w.recorded(), c.nextClaimAt(), false);
                        }
                        case RewardWrite.AlreadyRecorded w -> {
                            return new DailyOutcome.Claimed(w.existing(), next, true);
                        }
                        case RewardWrite.WalletChanged w -> retry.backOff();
                    }
                }
            }
        }
        throw new IllegalStateException("daily claim kept conflicting with other writes to wallet " + ownerId);
    }

    public GrantResult grant(GrantCommand command) {
        Instant now = clock.instant();
        String reference = "grant:" + command.reference();
        for (OptimisticRetry retry = new OptimisticRetry(); retry.next(); ) {
            Optional<RecordedReward> earlier = store.findReward(command.ownerId(), reference);
            if (earlier.isPresent()) {
                return answerFor(earlier.get(), command);
            }
            LoyaltySnapshot snapshot = store.read(command.ownerId());
            switch (program.grant(snapshot.state(), command.credits(), now)) {
                case GrantOutcome.Granted g -> {
                    switch (commit(snapshot, g.state(), g.reward(), reference, command.fingerprint(), now)) {
                        case RewardWrite.Committed w -> {
                            return new GrantResult.Granted(w.recorded(), false);
                        }
                        case RewardWrite.AlreadyRecorded w -> {
                            return answerFor(w.existing(), command);
                        }
                        case RewardWrite.WalletChanged w -> retry.backOff();
                    }
                }
                case GrantOutcome.CapReached refusal -> {
                    return new GrantResult.Refused(refusal);
                }
                case GrantOutcome.AboveCap refusal -> {
                    return new GrantResult.Refused(refusal);
                }
            }
        }
        throw new IllegalStateException("grant kept conflicting with other writes to wallet " + command.ownerId());
    }

    private RewardWrite commit(LoyaltySnapshot snapshot, LoyaltyState next, EarnedReward reward, String reference,
            String fingerprint, Instant now) {
        Lot lot = Lot.promo(LotSource.REWARD, reward.credits().amount(), now, Optional.of(reward.expiresAt()), reference);
        WalletChange change = snapshot.wallet().credit(reward.type().ledgerType(), List.of(lot), reference, now);
        return store.commitReward(change, next,
                new RecordedReward(reference, reward, fingerprint, change.after().balance(), now));
    }

    private static GrantResult answerFor(RecordedReward earlier, GrantCommand command) {
        return earlier.fingerprint().equals(command.fingerprint())
                ? new GrantResult.Granted(earlier, true)
                : new GrantResult.ReferenceReused(command.reference());
    }
}

package dev.coinslot.adapter.dynamodb;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.RewardType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The loyalty rewards a purchase earned, as one short string on its ledger item and its idempotency record:
 * {@code <code><credits>@<expiry epoch second>/<rule>} joined by {@code ;}, code {@code C} cashback, {@code T} streak,
 * {@code S} stamp card (about 25 bytes a reward). The rewards' own ledger entries are not items of their own: they
 * follow the purchase's entry in sequence and are read back from it ({@link #rewardEntries}), so a checkout that earns
 * rewards still writes three items. The stamp cards the purchase was stamped on are a {@code ,}-joined string.
 */
final class EarnedCodec {

    static final String EARNED = "earned";
    static final String STAMPED = "stamped";

    private EarnedCodec() {
    }

    static String encode(List<EarnedReward> earned) {
        StringBuilder s = new StringBuilder();
        for (EarnedReward r : earned) {
            if (!s.isEmpty()) {
                s.append(';');
            }
            s.append(code(r.type())).append(r.credits().amount()).append('@').append(r.expiresAt().getEpochSecond())
                    .append('/').append(r.rule());
        }
        return s.toString();
    }

    static List<EarnedReward> decode(String value) {
        List<EarnedReward> earned = new ArrayList<>();
        for (String part : value.split(";")) {
            int at = part.indexOf('@');
            int slash = part.indexOf('/');
            if (part.length() < 5 || at < 2 || slash < at) {
                throw new IllegalStateException("unreadable earned reward '" + part + "'");
            }
            earned.add(new EarnedReward(type(part.charAt(0)), part.substring(slash + 1),
                    Credits.of(Long.parseLong(part.substring(1, at))),
                    Instant.ofEpochSecond(Long.parseLong(part.substring(at + 1, slash)))));
        }
        return earned;
    }

    static List<String> decodeStamped(String value) {
        return value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
    }

    /**
     * The ledger entries of the rewards stored on the purchase entry {@code purchaseEntry}: one per reward, in order,
     * each right after the previous in sequence, all promotional credits, at the purchase's instant.
     */
    static List<LedgerEntry> rewardEntries(LedgerEntry purchaseEntry, String purchaseId, List<EarnedReward> earned) {
        List<LedgerEntry> entries = new ArrayList<>(earned.size());
        long sequence = purchaseEntry.sequence();
        Credits balance = purchaseEntry.balanceAfter();
        for (EarnedReward r : earned) {
            balance = balance.plus(r.credits());
            entries.add(new LedgerEntry(purchaseEntry.ownerId(), ++sequence, r.type().ledgerType(), r.credits(), Credits.ZERO,
                    r.credits(), balance, "reward:" + purchaseId + ":" + r.rule(), purchaseEntry.at()));
        }
        return entries;
    }

    /** The reward entries a purchase ledger item carries (none for other items). */
    static List<LedgerEntry> rewardEntries(LedgerEntry entry, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        if (entry.type() != LedgerEntryType.PURCHASE || !item.containsKey(EARNED)) {
            return List.of();
        }
        return rewardEntries(entry, Attr.str(item, "purchaseId"), decode(Attr.str(item, EARNED)));
    }

    /** Fails loudly if {@code following} (what the domain wrote after the purchase entry) is not what a read gives back. */
    static void checkDerivable(LedgerEntry purchaseEntry, Purchase purchase, List<LedgerEntry> following) {
        List<LedgerEntry> derived = rewardEntries(purchaseEntry, purchase.id(), purchase.earned());
        if (!derived.equals(following)) {
            throw new IllegalStateException("a purchase's reward entries must follow it as stored: " + following + " vs "
                    + derived);
        }
    }

    private static char code(RewardType type) {
        return switch (type) {
            case CASHBACK -> 'C';
            case STREAK_REWARD -> 'T';
            case STAMP_REWARD -> 'S';
            default -> throw new IllegalArgumentException(type + " is not earned by a purchase");
        };
    }

    private static RewardType type(char code) {
        return switch (code) {
            case 'C' -> RewardType.CASHBACK;
            case 'T' -> RewardType.STREAK_REWARD;
            case 'S' -> RewardType.STAMP_REWARD;
            default -> throw new IllegalStateException("unknown earned reward code " + code);
        };
    }
}

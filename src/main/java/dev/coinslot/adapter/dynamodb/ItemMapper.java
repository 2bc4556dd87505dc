package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.num;
import static dev.coinslot.adapter.dynamodb.Attr.optNum;
import static dev.coinslot.adapter.dynamodb.Attr.optStr;
import static dev.coinslot.adapter.dynamodb.Attr.s;
import static dev.coinslot.adapter.dynamodb.Attr.str;

import dev.coinslot.application.port.CheckoutIdempotency;
import dev.coinslot.domain.AutoCharge;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.LedgerEntryType;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SavedCard;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.SpendTally;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletStatus;
import dev.coinslot.domain.store.SpendHistory;
import dev.coinslot.domain.store.StoreActivity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps domain values to wallet-table items and back. */
final class ItemMapper {

    private ItemMapper() {
    }

    static Wallet wallet(Map<String, AttributeValue> item) {
        SpendLimits limits = new SpendLimits(credits(item, WalletAttrs.LIMIT_PER_PURCHASE), credits(item, WalletAttrs.LIMIT_DAILY),
                credits(item, WalletAttrs.LIMIT_MONTHLY),
                WalletAttrs.BY_GUARDIAN.equals(optStr(item, WalletAttrs.LIMITS_BY).orElse("")));
        SpendTally spent = new SpendTally(
                optStr(item, WalletAttrs.SPENT_DAY_KEY).map(LocalDate::parse).orElse(SpendTally.NONE.day()),
                credits(item, WalletAttrs.SPENT_DAY).orElse(Credits.ZERO),
                optStr(item, WalletAttrs.SPENT_MONTH_KEY).map(YearMonth::parse).orElse(SpendTally.NONE.month()),
                credits(item, WalletAttrs.SPENT_MONTH).orElse(Credits.ZERO));
        Optional<AutoTopUp> auto = optStr(item, WalletAttrs.AUTO_PACK).map(pack -> new AutoTopUp(
                item.containsKey(WalletAttrs.AUTO_ENABLED) && Boolean.TRUE.equals(item.get(WalletAttrs.AUTO_ENABLED).bool()),
                pack,
                Money.of(optNum(item, WalletAttrs.AUTO_CAP).orElse(0L), str(item, WalletAttrs.AUTO_CAP_CURRENCY)),
                optStr(item, WalletAttrs.AUTO_MONTH).map(YearMonth::parse).orElse(SpendTally.NONE.month()),
                optNum(item, WalletAttrs.AUTO_CHARGED).orElse(0L),
                optNum(item, WalletAttrs.AUTO_FAILURES).orElse(0L).intValue(),
                optStr(item, WalletAttrs.AUTO_DISABLED_REASON)));
        Optional<SavedCard> card = optStr(item, WalletAttrs.CUSTOMER).flatMap(customer ->
                optStr(item, WalletAttrs.PAYMENT_METHOD).map(pm -> new SavedCard(customer, pm)));
        // an item written before ledgerSeq existed bumped its version on ledger entries only
        long version = num(item, "version");
        Credits balance = Credits.of(num(item, "balance"));
        // an item without lots (written before them) holds one legacy paid lot; lots that disagree with the balance
        // (written by an older instance that changed the balance only) are reconciled to it
        Lots lots = optStr(item, WalletAttrs.LOTS).map(LotsCodec::decode).map(l -> l.reconciledTo(balance))
                .orElseGet(() -> Lots.legacy(balance));
        return new Wallet(str(item, "owner"), balance, WalletStatus.valueOf(str(item, "status")),
                version, limits, spent, auto, card, optNum(item, "ledgerSeq").orElse(version), lots,
                storeActivity(item), DynamoDbLoyaltyStore.loyalty(item));
    }

    private static StoreActivity storeActivity(Map<String, AttributeValue> item) {
        Map<LocalDate, Long> perDay = new HashMap<>();
        AttributeValue spend = item.get(WalletAttrs.STORE_SPEND);
        if (spend != null && spend.hasL()) {
            LocalDate newest = LocalDate.parse(str(item, WalletAttrs.STORE_SPEND_TO));
            for (int i = 0; i < spend.l().size(); i++) {
                long credits = Long.parseLong(spend.l().get(i).n());
                if (credits != 0) {
                    perDay.put(newest.minusDays(i), credits);
                }
            }
        }
        Map<String, Integer> uses = new HashMap<>();
        numbers(item, WalletAttrs.OFFER_USES).forEach((offer, count) -> uses.put(offer, Math.toIntExact(count)));
        return new StoreActivity(optNum(item, WalletAttrs.STORE_PURCHASES).orElse(0L), new SpendHistory(perDay), uses);
    }

    private static Map<String, Long> numbers(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        Map<String, Long> out = new HashMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, n) -> out.put(k, Long.parseLong(n.n())));
        }
        return out;
    }

    /**
     * The storefront attributes of the wallet item, as the checkout transaction writes them. The 30-day spend is a list
     * of numbers, newest day ({@code storeSpendTo}) first, one per day back (at most 30, about 3 bytes each), so a
     * wallet item stays under 1 KB (one write unit) even for a user who buys every day.
     */
    static Map<String, AttributeValue> storeAttributes(StoreActivity store) {
        Map<String, AttributeValue> uses = new HashMap<>();
        store.offerUses().forEach((offer, count) -> uses.put(offer, n(count)));
        Map<String, AttributeValue> attributes = new HashMap<>(Map.of(WalletAttrs.STORE_PURCHASES, n(store.purchases()),
                WalletAttrs.OFFER_USES, AttributeValue.builder().m(uses).build()));
        java.util.Optional<LocalDate> newest = store.spent().perDay().keySet().stream().max(LocalDate::compareTo);
        if (newest.isPresent()) {
            List<AttributeValue> days = new java.util.ArrayList<>();
            LocalDate oldest = store.spent().perDay().keySet().stream().min(LocalDate::compareTo).orElseThrow();
            for (LocalDate day = newest.get(); !day.isBefore(oldest); day = day.minusDays(1)) {
                days.add(n(store.spent().perDay().getOrDefault(day, 0L)));
            }
            attributes.put(WalletAttrs.STORE_SPEND_TO, s(newest.get().toString()));
            attributes.put(WalletAttrs.STORE_SPEND, AttributeValue.builder().l(days).build());
        }
        return attributes;
    }

    private static Optional<Credits> credits(Map<String, AttributeValue> item, String name) {
        return optNum(item, name).map(Credits::of);
    }

    static Map<String, AttributeValue> ledgerItem(LedgerEntry e) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.walletPk(e.ownerId()), WalletTable.ledgerSk(e.sequence())));
        item.put("type", s("LEDGER"));
        item.put("owner", s(e.ownerId()));
        item.put("seq", n(e.sequence()));
        item.put("entryType", s(e.type().name()));
        item.put("amount", n(e.amount().amount()));
        item.put("paid", n(e.paidCredits().amount()));
        item.put("promo", n(e.promoCredits().amount()));
        item.put("balanceAfter", n(e.balanceAfter().amount()));
        item.put("ref", s(e.reference()));
        item.put("at", s(e.at().toString()));
        return item;
    }

    static LedgerEntry ledgerEntry(Map<String, AttributeValue> item) {
        Credits amount = Credits.of(num(item, "amount"));
        // an entry written before the split: all paid (its credits became the legacy paid lot)
        Credits paid = optNum(item, "paid").map(Credits::of).orElse(amount);
        return new LedgerEntry(str(item, "owner"), num(item, "seq"), LedgerEntryType.valueOf(str(item, "entryType")),
                amount, paid, amount.minus(paid), Credits.of(num(item, "balanceAfter")), str(item, "ref"),
                Instant.parse(str(item, "at")));
    }

    /**
     * The ledger entries an item holds: its own, and for a purchase that earned loyalty rewards their entries, which
     * follow it in sequence ({@link EarnedCodec}).
     */
    static List<LedgerEntry> ledgerEntries(Map<String, AttributeValue> item) {
        LedgerEntry entry = ledgerEntry(item);
        List<LedgerEntry> rewards = EarnedCodec.rewardEntries(entry, item);
        if (rewards.isEmpty()) {
            return List.of(entry);
        }
        List<LedgerEntry> all = new java.util.ArrayList<>(rewards.size() + 1);
        all.add(entry);
        all.addAll(rewards);
        return all;
    }

    /**
     * A purchase's ledger entry that is also its purchase record (one item instead of two), with the loyalty rewards
     * it earned and the stamp cards it was stamped on; the rewards' ledger entries are read back from it.
     */
    static Map<String, AttributeValue> purchaseLedgerItem(LedgerEntry entry, Purchase p) {
        Map<String, AttributeValue> item = ledgerItem(entry);
        putPurchase(item, p);
        // the entry's balance (after the debit); the purchase's own balance after also counts its rewards, which follow
        item.put("balanceAfter", n(entry.balanceAfter().amount()));
        if (!p.lots().isEmpty()) {
            item.put("lotsTaken", s(LotsCodec.encodeTakes(p.lots())));
        }
        if (!p.stamped().isEmpty()) {
            item.put(EarnedCodec.STAMPED, s(String.join(",", p.stamped())));
        }
        return item;
    }

    /**
     * The purchase's fields as its answer shows them. Which lots it took is kept on its ledger entry only
     * ({@link #purchaseLedgerItem}), so the idempotency record stays within one KB whatever the purchase drew from.
     */
    private static void putPurchase(Map<String, AttributeValue> item, Purchase p) {
        item.put("owner", s(p.ownerId()));
        item.put("purchaseId", s(p.id()));
        item.put("sku", s(p.skuId()));
        item.put("quantity", n(p.quantity()));
        item.put("unitPrice", n(p.unitPrice().amount()));
        item.put("total", n(p.total().amount()));
        item.put("balanceAfter", n(p.balanceAfter().amount()));
        item.put("at", s(p.at().toString()));
        if (!p.recognized().isEmpty()) {
            Map<String, AttributeValue> recognized = new HashMap<>();
            p.recognized().forEach(m -> recognized.put(m.currency(), n(m.amountMinor())));
            item.put("recognized", AttributeValue.fromM(recognized));
        }
        p.offerId().ifPresent(offer -> item.put("offerId", s(offer)));
        if (!p.drawnSkus().isEmpty()) {
            item.put("drawnSkus", AttributeValue.builder().l(p.drawnSkus().stream().map(Attr::s).toList()).build());
        }
        if (!p.grants().isEmpty()) {
            item.put("grants", EntitlementItems.grants(p.grants()));
        }
        if (!p.earned().isEmpty()) {
            item.put(EarnedCodec.EARNED, s(EarnedCodec.encode(p.earned())));
        }
    }

    /**
     * The wallet's balance after the purchase and its rewards: an idempotency record stores it; a purchase's ledger item
     * stores its entry's balance (after the debit), to which the rewards that follow it add.
     */
    private static Credits purchaseBalanceAfter(Map<String, AttributeValue> item) {
        Credits balance = Credits.of(num(item, "balanceAfter"));
        if (!item.containsKey("seq") || !item.containsKey(EarnedCodec.EARNED)) {
            return balance;
        }
        return EarnedCodec.decode(str(item, EarnedCodec.EARNED)).stream().map(r -> r.credits()).reduce(balance, Credits::plus);
    }

    static Purchase purchase(Map<String, AttributeValue> item) {
        List<Money> recognized = item.containsKey("recognized") ? item.get("recognized").m().entrySet().stream()
                .map(e -> Money.of(Long.parseLong(e.getValue().n()), e.getKey()))
                .sorted(java.util.Comparator.comparing(Money::currency)).toList() : List.of();
        AttributeValue drawn = item.get("drawnSkus");
        return new Purchase(str(item, "purchaseId"), str(item, "owner"), str(item, "sku"), (int) num(item, "quantity"),
                Credits.of(num(item, "unitPrice")), Credits.of(num(item, "total")), purchaseBalanceAfter(item),
                Instant.parse(str(item, "at")), optStr(item, "lotsTaken").map(LotsCodec::decodeTakes).orElse(List.of()),
                recognized, optStr(item, "offerId"),
                drawn == null || !drawn.hasL() ? List.of() : drawn.l().stream().map(AttributeValue::s).toList(),
                EntitlementItems.grants(item),
                optStr(item, EarnedCodec.EARNED).map(EarnedCodec::decode).orElse(List.of()),
                optStr(item, EarnedCodec.STAMPED).map(EarnedCodec::decodeStamped).orElse(List.of()));
    }

    static Map<String, AttributeValue> checkoutIdempotencyItem(CheckoutIdempotency r) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(WalletTable.walletPk(r.ownerId()),
                WalletTable.CHECKOUT_IDEMPOTENCY_PREFIX + r.key()));
        item.put("type", s("IDEMPOTENCY"));
        item.put("idemKey", s(r.key()));
        item.put("requestHash", s(r.requestHash()));
        putPurchase(item, r.purchase());
        r.autoTopUp().ifPresent(charge -> {
            item.put("autoTopUpId", s(charge.topUpId()));
            item.put("autoPackId", s(charge.packId()));
            item.put("autoAmountMinor", n(charge.amount().amountMinor()));
            item.put("autoCurrency", s(charge.amount().currency()));
            item.put("autoCredits", n(charge.credits().amount()));
            item.put("autoPaymentIntentId", s(charge.paymentIntentId()));
        });
        item.put(WalletTable.TTL, n(r.expiresAt().getEpochSecond()));
        return item;
    }

    static CheckoutIdempotency checkoutIdempotency(Map<String, AttributeValue> item) {
        Optional<AutoCharge> charge = optStr(item, "autoTopUpId").map(id -> new AutoCharge(id, str(item, "autoPackId"),
                Money.of(num(item, "autoAmountMinor"), str(item, "autoCurrency")), Credits.of(num(item, "autoCredits")),
                str(item, "autoPaymentIntentId")));
        return new CheckoutIdempotency(str(item, "owner"), str(item, "idemKey"), str(item, "requestHash"), purchase(item),
                charge, Instant.ofEpochSecond(num(item, WalletTable.TTL)));
    }
}

package dev.coinslot.application.metrics;

import dev.coinslot.domain.metrics.DayCounters;
import dev.coinslot.domain.metrics.SkuDay;
import dev.coinslot.support.StreamBatches.Change;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A seeded stream of table changes as the wallet writes them (purchases, top-ups created then credited then refunded,
 * refund and dispute clawbacks, self-service purchase refunds, wallet updates and idempotency records that are no
 * facts), with the counters it must
 * produce computed here by hand from the model, not through the code under test.
 */
final class MetricsScenario {

    static final LocalDate DAY1 = LocalDate.of(2031, 3, 14);
    static final String CURRENCY = "USD";
    private static final String[] SKUS = {"sticker-cat", "hat-gold", "article-fees", "sticker-pack"};

    final List<Change> changes = new ArrayList<>();
    /** Expected counters per day, from the model. */
    final Map<LocalDate, long[]> days = new TreeMap<>();
    final Map<LocalDate, Map<String, long[]>> skus = new TreeMap<>();
    private final Map<LocalDate, Set<String>> active = new HashMap<>();
    private final Map<LocalDate, Set<String>> purchasers = new HashMap<>();
    private final Map<LocalDate, Set<String>> payers = new HashMap<>();
    private final Map<LocalDate, Map<String, Set<String>>> skuBuyers = new HashMap<>();
    private long sequence = 100;

    // day counter slots
    static final int PURCHASES = 0, QUANTITY = 1, CREDITS = 2, TOPUPS = 3, MINOR = 4, TOPUP_CREDITS = 5,
            CLAWBACKS = 6, CLAWED = 7, REFUNDS = 8, REFUNDED = 9;

    MetricsScenario(long seed, int users, int operations) {
        Random random = new Random(seed);
        Map<String, Long> ledgerSeq = new HashMap<>();
        for (int op = 0; op < operations; op++) {
            String user = "u" + random.nextInt(users);
            Instant at = DAY1.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(3 * 86_400));
            long seq = ledgerSeq.merge(user, 1L, Long::sum);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    String sku = SKUS[random.nextInt(SKUS.length)];
                    int quantity = 1 + random.nextInt(3);
                    long total = quantity * (49L + 50L * random.nextInt(4));
                    String id = "pur_" + seed + "_" + op;
                    add(Change.insert(next(), purchase(user, id, sku, quantity, total, at)));
                    LocalDate day = day(at);
                    long[] d = day(day);
                    d[PURCHASES]++;
                    d[QUANTITY] += quantity;
                    d[CREDITS] += total;
                    long[] s = sku(day, sku);
                    s[0]++;
                    s[1] += quantity;
                    s[2] += total;
                    active(day).add(user);
                    purchasers.computeIfAbsent(day, k -> new HashSet<>()).add(user);
                    skuBuyers.computeIfAbsent(day, k -> new HashMap<>()).computeIfAbsent(sku, k -> new HashSet<>()).add(user);
                    if (random.nextInt(4) == 0) {
                        // refunded by its buyer within minutes (possibly after midnight: it counts on the refund's day)
                        Instant refundedAt = at.plusSeconds(1 + random.nextInt(900));
                        long refundSeq = ledgerSeq.merge(user, 1L, Long::sum);
                        add(Change.insert(next(), purchaseRefund(user, refundSeq, id, sku, quantity, total, refundedAt)));
                        LocalDate refundDay = day(refundedAt);
                        long[] r = day(refundDay);
                        r[REFUNDS]++;
                        r[REFUNDED] += total;
                        long[] rs = sku(refundDay, sku);
                        rs[3]++;
                        rs[4] += total;
                        active(refundDay).add(user);
                    }
                }
                case 2 -> {
                    String id = "top_" + seed + "_" + op;
                    long amount = 500L * (1 + random.nextInt(4));
                    long credits = amount + random.nextInt(2) * 100L;
                    Map<String, AttributeValue> pending = topUp(user, id, amount, credits, null, "PENDING");
                    Map<String, AttributeValue> credited = topUp(user, id, amount, credits, at, "SUCCEEDED");
                    add(Change.insert(next(), pending));
                    add(new Change(next(), "MODIFY", credited, pending));
                    if (random.nextInt(4) == 0) {
                        // a later refund changes the credited item again: no second top-up
                        add(new Change(next(), "MODIFY", topUp(user, id, amount, credits, at, "REFUNDED"), credited));
                    }
                    LocalDate day = day(at);
                    long[] d = day(day);
                    d[TOPUPS]++;
                    d[MINOR] += amount;
                    d[TOPUP_CREDITS] += credits;
                    active(day).add(user);
                    payers.computeIfAbsent(day, k -> new HashSet<>()).add(user);
                }
                case 3 -> {
                    boolean dispute = random.nextBoolean();
                    long credits = 1 + random.nextInt(500);
                    add(Change.insert(next(), ledger(user, seq, dispute ? "DISPUTE_CLAWBACK" : "REFUND_CLAWBACK",
                            -credits, at)));
                    LocalDate day = day(at);
                    long[] d = day(day);
                    d[CLAWBACKS]++;
                    d[CLAWED] += credits;
                    active(day).add(user);
                }
                case 4 -> add(Change.insert(next(), ledger(user, seq, "PURCHASE", -99, at))); // no fact: its purchase item is
                default -> add(new Change(next(), "MODIFY", wallet(user, seq + 1), wallet(user, seq)));
            }
        }
    }

    private long[] day(LocalDate day) {
        return days.computeIfAbsent(day, k -> new long[10]);
    }

    private long[] sku(LocalDate day, String sku) {
        return skus.computeIfAbsent(day, k -> new TreeMap<>()).computeIfAbsent(sku, k -> new long[5]);
    }

    private Set<String> active(LocalDate day) {
        return active.computeIfAbsent(day, k -> new HashSet<>());
    }

    private void add(Change change) {
        changes.add(change);
    }

    private String next() {
        return String.format("%021d", sequence++);
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The day counters the model expects, as the store reports them. */
    List<DayCounters> expectedDays() {
        List<DayCounters> out = new ArrayList<>();
        days.forEach((day, d) -> out.add(new DayCounters(day, d[PURCHASES], d[QUANTITY], d[CREDITS],
                purchasers.getOrDefault(day, Set.of()).size(), d[TOPUPS],
                d[MINOR] == 0 && d[TOPUPS] == 0 ? Map.of() : Map.of(CURRENCY, d[MINOR]), d[TOPUP_CREDITS],
                payers.getOrDefault(day, Set.of()).size(), d[CLAWBACKS], d[CLAWED],
                active.getOrDefault(day, Set.of()).size(), d[REFUNDS], d[REFUNDED])));
        return out;
    }

    List<SkuDay> expectedSkus() {
        List<SkuDay> out = new ArrayList<>();
        skus.forEach((day, bySku) -> bySku.forEach((sku, s) -> out.add(new SkuDay(day, sku, s[0], s[1], s[2],
                skuBuyers.getOrDefault(day, Map.of()).getOrDefault(sku, Set.of()).size(), s[3], s[4]))));
        return out;
    }

    static Map<String, AttributeValue> purchase(String user, String id, String sku, int quantity, long total, Instant at) {
        Map<String, AttributeValue> item = key("WALLET#" + user, "PURCHASE#" + id);
        item.put("type", s("PURCHASE"));
        item.put("owner", s(user));
        item.put("purchaseId", s(id));
        item.put("sku", s(sku));
        item.put("quantity", n(quantity));
        item.put("unitPrice", n(total / quantity));
        item.put("total", n(total));
        item.put("balanceAfter", n(1000));
        item.put("at", s(at.toString()));
        return item;
    }

    static Map<String, AttributeValue> topUp(String user, String id, long amount, long credits, Instant creditedAt,
            String status) {
        Map<String, AttributeValue> item = key("WALLET#" + user, "TOPUP#" + id);
        item.put("type", s("TOPUP"));
        item.put("owner", s(user));
        item.put("topupId", s(id));
        item.put("packId", s("starter"));
        item.put("amountMinor", n(amount));
        item.put("currency", s(CURRENCY));
        item.put("baseCredits", n(amount));
        item.put("bonusCredits", n(credits - amount));
        item.put("status", s(status));
        item.put("paymentIntentId", s("pi_" + id));
        item.put("createdAt", s(DAY1.atStartOfDay(ZoneOffset.UTC).toInstant().toString()));
        if (creditedAt != null) {
            item.put("creditedAt", s(creditedAt.toString()));
            item.put("creditedCredits", n(credits));
        }
        return item;
    }

    static Map<String, AttributeValue> ledger(String user, long seq, String type, long amount, Instant at) {
        Map<String, AttributeValue> item = key("WALLET#" + user, String.format("LEDGER#%019d", seq));
        item.put("type", s("LEDGER"));
        item.put("owner", s(user));
        item.put("seq", n(seq));
        item.put("entryType", s(type));
        item.put("amount", n(amount));
        item.put("balanceAfter", n(0));
        item.put("ref", s("refund:top_x"));
        item.put("at", s(at.toString()));
        return item;
    }

    /** A self-service refund's ledger entry as {@code DynamoDbOwnershipStore} writes it. */
    static Map<String, AttributeValue> purchaseRefund(String user, long seq, String purchaseId, String sku, int quantity,
            long total, Instant at) {
        Map<String, AttributeValue> item = ledger(user, seq, "PURCHASE_REFUND", total, at);
        item.put("ref", s("refund:" + purchaseId));
        item.put("refundOf", s(purchaseId));
        item.put("refundSku", s(sku));
        item.put("refundQuantity", n(quantity));
        item.put("refundTotal", n(total));
        return item;
    }

    static Map<String, AttributeValue> wallet(String user, long version) {
        Map<String, AttributeValue> item = key("WALLET#" + user, "WALLET");
        item.put("type", s("WALLET"));
        item.put("owner", s(user));
        item.put("balance", n(100));
        item.put("status", s("ACTIVE"));
        item.put("version", n(version));
        return item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", s(sk));
        return item;
    }

    static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}

package dev.coinslot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.coinslot.adapter.dynamodb.StoredLots;
import dev.coinslot.domain.Lots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads a wallet's items straight from DynamoDB Local and checks the money invariants. */
public final class WalletInvariants {

    private WalletInvariants() {
    }

    /** All items of the user's partition. */
    public static List<Map<String, AttributeValue>> items(String userId) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        try (DynamoDbClient client = DynamoDbLocalResource.client()) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(DynamoDbLocalResource.TABLE)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.builder().s("WALLET#" + userId).build()))
                        .consistentRead(true);
                if (start != null) {
                    q.exclusiveStartKey(start);
                }
                QueryResponse r = client.query(q.build());
                all.addAll(r.items());
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return all;
    }

    public static List<Map<String, AttributeValue>> itemsOfType(String userId, String skPrefix) {
        return items(userId).stream().filter(i -> i.get("sk").s().startsWith(skPrefix)).toList();
    }

    /** Stored balance (0 when no wallet item), after asserting it equals the sum of the ledger and the ledger sequence. */
    public static long assertConsistent(String userId) {
        List<Map<String, AttributeValue>> items = items(userId);
        long balance = 0;
        long version = 0;
        long ledgerSum = 0;
        Map<Long, Long> running = new HashMap<>();
        List<Long> sequences = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.equals("WALLET")) {
                balance = Long.parseLong(item.get("balance").n());
                // the ledger sequence; an item from before ledgerSeq existed keeps it in version
                version = Long.parseLong(item.getOrDefault("ledgerSeq", item.get("version")).n());
            } else if (sk.startsWith("LEDGER#")) {
                for (Map<String, AttributeValue> entry : entries(item)) {
                    long seq = Long.parseLong(entry.get("seq").n());
                    ledgerSum += Long.parseLong(entry.get("amount").n());
                    running.put(seq, Long.parseLong(entry.get("balanceAfter").n()));
                    sequences.add(seq);
                }
            }
        }
        assertEquals(ledgerSum, balance, "balance must equal the sum of ledger entries for " + userId);
        assertEquals(version, sequences.size(), "one ledger entry per ledger sequence number for " + userId);
        if (version > 0) {
            long walletBalance = balance;
            assertEquals(balance, running.get(version), () -> "newest entry's balanceAfter must equal the balance; ledger "
                    + items.stream().filter(i -> i.get("sk").s().startsWith("LEDGER#")).flatMap(i -> entries(i).stream())
                            .map(e -> e.get("seq").n() + ":" + e.get("entryType").s() + ":" + e.get("amount").n() + "="
                                    + e.get("balanceAfter").n())
                            .toList() + " wallet " + walletBalance + " items " + items);
        }
        return balance;
    }

    /**
     * The ledger entries a {@code LEDGER#} item holds: its own, and for a purchase that earned loyalty rewards the
     * entries of those rewards, which follow it in sequence and are stored on it ({@code earned}:
     * {@code <C|T|S><credits>@<expiry epoch second>/<rule>;…}); re-derived here from the stored string, independently of
     * the adapter's code.
     */
    static List<Map<String, AttributeValue>> entries(Map<String, AttributeValue> item) {
        List<Map<String, AttributeValue>> entries = new ArrayList<>(List.of(item));
        if (!item.containsKey("earned") || !item.containsKey("purchaseId")) {
            return entries;
        }
        long seq = Long.parseLong(item.get("seq").n());
        long balance = Long.parseLong(item.get("balanceAfter").n());
        for (String part : item.get("earned").s().split(";")) {
            long credits = Long.parseLong(part.substring(1, part.indexOf('@')));
            String type = switch (part.charAt(0)) {
                case 'C' -> "CASHBACK";
                case 'T' -> "STREAK_REWARD";
                case 'S' -> "STAMP_REWARD";
                default -> throw new AssertionError("unknown earned reward " + part + " on " + item);
            };
            balance += credits;
            Map<String, AttributeValue> entry = new HashMap<>();
            entry.put("seq", AttributeValue.fromN(Long.toString(++seq)));
            entry.put("entryType", AttributeValue.fromS(type));
            entry.put("amount", AttributeValue.fromN(Long.toString(credits)));
            entry.put("paid", AttributeValue.fromN("0"));
            entry.put("promo", AttributeValue.fromN(Long.toString(credits)));
            entry.put("balanceAfter", AttributeValue.fromN(Long.toString(balance)));
            entry.put("ref", AttributeValue.fromS("reward:" + item.get("purchaseId").s() + ":"
                    + part.substring(part.indexOf('/') + 1)));
            entries.add(entry);
        }
        return entries;
    }

    /**
     * What {@link #assertMoneyInvariants} read: balance, status, purchase ids, and per top-up credited / clawed back;
     * loyalty rewards credited ({@code rewarded}) and taken back by refunds ({@code takenBack}, by reference
     * {@code takeback:<purchaseId>:<rule>}).
     */
    public record Audit(long balance, String status, Map<String, Long> purchases, Map<String, Long> creditedByTopUp,
            Map<String, Long> clawedBackByTopUp, long expired, Map<String, Long> recognizedMinor, long rewarded,
            Map<String, Long> takenBack) {
    }

    /**
     * Every money rule the table must satisfy for one wallet, read straight from DynamoDB Local: balance = sum of the
     * ledger and ledger sequence = number of entries (see {@link #assertConsistent}); a ledger with no gaps whose running
     * balance matches each entry; each top-up credited at most once, by the amount recorded on it; clawbacks per top-up
     * equal to its {@code clawedBackCredits} and never above what was credited; every purchase record is its own PURCHASE
     * entry; each entry's paid + promotional split adds up, and their sums are the wallet's paid lots (less the debt) and
     * promotional lots, whose balance is the wallet's; no purchase taking the balance below zero, and a negative balance only after a
     * clawback.
     */
    public static Audit assertMoneyInvariants(String userId) {
        assertConsistent(userId);
        List<Map<String, AttributeValue>> items = items(userId);
        java.util.TreeMap<Long, Map<String, AttributeValue>> ledger = new java.util.TreeMap<>();
        Map<String, Map<String, AttributeValue>> topUps = new HashMap<>();
        Map<String, Long> purchaseItems = new HashMap<>();
        java.util.Set<String> refundedPurchases = new java.util.HashSet<>();
        String status = "ACTIVE";
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.startsWith("LEDGER#")) {
                entries(item).forEach(entry -> ledger.put(Long.parseLong(entry.get("seq").n()), entry));
                if (item.containsKey("purchaseId")) {
                    // a purchase's ledger entry is also its purchase record
                    purchaseItems.put(item.get("purchaseId").s(), Long.parseLong(item.get("total").n()));
                    if (item.containsKey("status") && "REFUNDED".equals(item.get("status").s())) {
                        refundedPurchases.add(item.get("purchaseId").s());
                    }
                }
            } else if (sk.startsWith("TOPUP#")) {
                topUps.put(item.get("topupId").s(), item);
            } else if (sk.equals("WALLET")) {
                status = item.get("status").s();
            }
        }
        long running = 0;
        long expired = 0;
        Map<String, Long> recognizedByCurrency = new java.util.TreeMap<>();
        long paidSum = 0;
        long promoSum = 0;
        long expectedSeq = 1;
        boolean clawedBack = false;
        Map<String, Long> credited = new HashMap<>();
        java.util.Set<String> rewardReferences = new java.util.HashSet<>();
        long rewarded = 0;
        Map<String, Long> takenBack = new java.util.TreeMap<>();
        Map<String, Long> refundClawbacks = new HashMap<>();
        Map<String, Long> disputeClawbacks = new HashMap<>();
        Map<String, Long> purchaseEntries = new HashMap<>();
        Map<String, Long> purchaseRefunds = new HashMap<>();
        for (Map.Entry<Long, Map<String, AttributeValue>> e : ledger.entrySet()) {
            Map<String, AttributeValue> entry = e.getValue();
            String where = userId + " ledger #" + e.getKey();
            assertEquals(expectedSeq++, (long) e.getKey(), "ledger sequence has a gap at " + where);
            long amount = Long.parseLong(entry.get("amount").n());
            long paid = entry.containsKey("paid") ? Long.parseLong(entry.get("paid").n()) : amount;
            long promo = entry.containsKey("promo") ? Long.parseLong(entry.get("promo").n()) : 0;
            assertEquals(amount, paid + promo, "paid + promo credits = amount at " + where);
            paidSum += paid;
            promoSum += promo;
            long before = running;
            running += amount;
            assertEquals(running, Long.parseLong(entry.get("balanceAfter").n()), "running balance at " + where);
            String type = entry.get("entryType").s();
            String ref = entry.get("ref").s();
            switch (type) {
                case "TOP_UP" -> {
                    assertTrue(amount > 0, "top-up must credit at " + where);
                    String topUpId = ref.substring("topup:".length());
                    assertNull(credited.put(topUpId, amount), "top-up " + topUpId + " credited twice for " + userId);
                }
                case "PURCHASE" -> {
                    if (entry.containsKey("recognized")) {
                        entry.get("recognized").m().forEach((currency, minor) ->
                                recognizedByCurrency.merge(currency, Long.parseLong(minor.n()), Long::sum));
                    }
                    assertTrue(amount < 0, "purchase must debit at " + where);
                    assertTrue(before + amount >= 0, "purchase took the balance below zero at " + where);
                    assertNull(purchaseEntries.put(ref.substring("purchase:".length()), -amount), "purchase debited twice at " + where);
                }
                case "REFUND_CLAWBACK" -> {
                    assertTrue(amount < 0, "clawback must debit at " + where);
                    refundClawbacks.merge(ref.substring("refund:".length()), -amount, Long::sum);
                    clawedBack = true;
                }
                case "DISPUTE_CLAWBACK" -> {
                    assertTrue(amount < 0, "clawback must debit at " + where);
                    disputeClawbacks.merge(ref.substring("dispute:".length()), -amount, Long::sum);
                    clawedBack = true;
                }
                case "GRANT" -> assertTrue(amount > 0, "grant must credit at " + where);
                case "CASHBACK", "STREAK_REWARD", "STAMP_REWARD", "DAILY_REWARD", "EARNED" -> {
                    // promotional credits; what settles a debt first (the wallet was negative) counts as paid, like any credit
                    assertTrue(amount > 0 && promo == amount - Math.min(amount, Math.max(0, -before)),
                            "a reward credits promotional credits at " + where + ": " + entry + " balance before " + before);
                    assertTrue(rewardReferences.add(type + " " + ref), "reward " + ref + " granted twice at " + where);
                    rewarded += amount;
                }
                case "REWARD_TAKEBACK" -> {
                    assertTrue(amount < 0, "a reward takeback must debit at " + where);
                    assertNull(takenBack.put(ref, -amount), "reward " + ref + " taken back twice at " + where);
                    clawedBack = true;
                }
                case "PURCHASE_REFUND" -> {
                    assertTrue(amount >= 0, "a purchase refund must not debit at " + where);
                    assertNull(purchaseRefunds.put(ref.substring("purchase-refund:".length()), amount),
                            "purchase refunded twice at " + where);
                    if (entry.containsKey("recognized")) {
                        // the refund reverses what the purchase recognised
                        entry.get("recognized").m().forEach((currency, minor) ->
                                recognizedByCurrency.merge(currency, Long.parseLong(minor.n()), Long::sum));
                    }
                }
                case "EXPIRY" -> {
                    assertTrue(amount < 0, "expiry must debit at " + where);
                    expired -= amount;
                    assertEquals(amount, promo, "only promotional credits expire at " + where);
                }
                default -> fail("unknown ledger entry type " + type + " at " + where);
            }
            assertTrue(running >= 0 || clawedBack, "negative balance without a clawback at " + where);
        }
        assertEquals(purchaseItems, purchaseEntries, "purchases and their PURCHASE ledger entries for " + userId);
        assertEquals(refundedPurchases, purchaseRefunds.keySet(), "refunded purchases and their refund entries for " + userId);
        purchaseRefunds.forEach((id, amount) -> assertTrue(amount <= purchaseItems.get(id), "refund of " + id + " returns at most its price"));
        Map<String, AttributeValue> walletItem = items.stream().filter(i -> i.get("sk").s().equals("WALLET")).findFirst()
                .orElse(null);
        if (walletItem != null && walletItem.containsKey("lots")) {
            Lots lots = StoredLots.decode(walletItem.get("lots").s());
            assertEquals(running, lots.balance().amount(), "balance = Σ lots − debt for " + userId);
            // recognised revenue: what purchases recognised plus the cost still on paid lots is what the cards paid for
            // the credited top-ups, exactly while nothing was clawed back (a clawback returns cost unrecognised)
            // per currency: a paid lot's cost basis is in the currency it was bought in
            Map<String, Long> paidPrices = new java.util.TreeMap<>();
            credited.keySet().stream().filter(topUps::containsKey).forEach(id -> paidPrices.merge(
                    topUps.get(id).get("currency").s(), Long.parseLong(topUps.get(id).get("amountMinor").n()), Long::sum));
            Map<String, Long> costLeft = new java.util.TreeMap<>();
            lots.lots().forEach(l -> l.cost().ifPresent(c -> costLeft.merge(c.currency(), c.amountMinor(), Long::sum)));
            java.util.Set<String> currencies = new java.util.TreeSet<>(paidPrices.keySet());
            currencies.addAll(recognizedByCurrency.keySet());
            currencies.addAll(costLeft.keySet());
            for (String currency : currencies) {
                long paidIn = paidPrices.getOrDefault(currency, 0L);
                long recognizedIn = recognizedByCurrency.getOrDefault(currency, 0L);
                long leftIn = costLeft.getOrDefault(currency, 0L);
                assertTrue(recognizedIn <= paidIn, "Σ recognised " + recognizedIn + " ≤ Σ paid " + paidIn + " " + currency
                        + " for " + userId);
                if (!clawedBack) {
                    assertEquals(paidIn, recognizedIn + leftIn, "Σ recognised + cost left = Σ paid " + currency + " for " + userId);
                } else {
                    assertTrue(recognizedIn + leftIn <= paidIn, "after clawbacks Σ recognised + cost left ≤ Σ paid " + currency
                            + " for " + userId);
                }
            }
            assertEquals(paidSum, lots.paid().amount() - lots.debt(), "Σ ledger paid credits = paid lots − debt for " + userId);
            assertEquals(promoSum, lots.promo().amount(), "Σ ledger promo credits = promo lots for " + userId);
        }
        Map<String, Long> clawedBackByTopUp = new HashMap<>();
        for (Map.Entry<String, Long> c : credited.entrySet()) {
            Map<String, AttributeValue> topUp = topUps.get(c.getKey());
            assertNotNull(topUp, "credited top-up " + c.getKey() + " has no TOPUP item for " + userId);
            assertTrue(java.util.Set.of("SUCCEEDED", "REFUNDED", "DISPUTED").contains(topUp.get("status").s()),
                    "credited top-up " + c.getKey() + " has status " + topUp.get("status").s());
            assertEquals(c.getValue(), Long.parseLong(topUp.get("creditedCredits").n()), "credited amount of " + c.getKey());
        }
        for (Map.Entry<String, Map<String, AttributeValue>> t : topUps.entrySet()) {
            Map<String, AttributeValue> topUp = t.getValue();
            long recorded = topUp.containsKey("clawedBackCredits") ? Long.parseLong(topUp.get("clawedBackCredits").n()) : 0;
            String outcome = topUp.containsKey("disputeOutcome") ? topUp.get("disputeOutcome").s() : "";
            long fromDispute = outcome.startsWith("lost:") ? disputeClawbacks.getOrDefault(outcome.substring(5), 0L) : 0;
            long ledgerTotal = refundClawbacks.getOrDefault(t.getKey(), 0L) + fromDispute;
            assertEquals(recorded, ledgerTotal, "clawedBackCredits of " + t.getKey() + " vs its clawback entries");
            assertTrue(recorded <= credited.getOrDefault(t.getKey(), 0L), "clawed back more than credited for " + t.getKey());
            if (!credited.containsKey(t.getKey())) {
                assertFalse(java.util.Set.of("SUCCEEDED", "REFUNDED").contains(topUp.get("status").s()),
                        "top-up " + t.getKey() + " marked credited without a TOP_UP entry");
            }
            clawedBackByTopUp.put(t.getKey(), recorded);
        }
        return new Audit(running, status, purchaseItems, credited, clawedBackByTopUp, expired, recognizedByCurrency,
                rewarded, takenBack);
    }

    /** Purchases recorded for the user: their ledger entries, which are also the purchase records. */
    public static long purchaseCount(String userId) {
        return purchaseItems(userId).size();
    }

    /** The items recording the user's purchases: the purchases' ledger entries, oldest first. */
    public static List<Map<String, AttributeValue>> purchaseItems(String userId) {
        return itemsOfType(userId, "LEDGER#").stream().filter(i -> i.containsKey("purchaseId")).toList();
    }

    public static long count(String userId, String skPrefix) {
        return itemsOfType(userId, skPrefix).size();
    }

    /**
     * No entitlement without a completed purchase, read straight from DynamoDB Local: every entitlement that entitles
     * (an owned unlock, a pass not yet ended, a consumable quantity) is backed by purchases that are still COMPLETED: a
     * permanent unlock by the completed purchase it names; a pass by a completed purchase granting it, ending no later
     * than the latest end a completed purchase granted; a consumable by completed purchases granting at least its
     * quantity plus what the stored consumption records used.
     */
    public static void assertOwnershipInvariants(String userId) {
        List<Map<String, AttributeValue>> items = items(userId);
        Map<String, Map<String, AttributeValue>> purchases = new HashMap<>();
        Map<String, Long> consumed = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if ((sk.startsWith("LEDGER#") || sk.startsWith("PURCHASE#")) && item.containsKey("purchaseId")) {
                // a purchase's ledger entry is its record (wallet v2); PURCHASE# items only from before it
                purchases.put(item.get("purchaseId").s(), item);
            } else if (sk.startsWith("IDEM#consume#")) {
                consumed.merge(item.get("sku").s(), Long.parseLong(item.get("quantity").n()), Long::sum);
            }
        }
        long now = System.currentTimeMillis();
        for (Map<String, AttributeValue> item : items) {
            if (!item.get("sk").s().startsWith("ENT#")) {
                continue;
            }
            String sku = item.get("sku").s();
            long quantity = Long.parseLong(item.get("quantity").n());
            long granted = 0;
            long latestEnd = Long.MIN_VALUE;
            boolean anyCompleted = false;
            for (Map<String, AttributeValue> p : purchases.values()) {
                boolean completed = !p.containsKey("status") || "COMPLETED".equals(p.get("status").s());
                if (!completed || !p.containsKey("grants")) {
                    continue;
                }
                for (AttributeValue g : p.get("grants").l()) {
                    if (sku.equals(g.m().get("sku").s())) {
                        anyCompleted = true;
                        granted += Long.parseLong(g.m().get("quantity").n());
                        if (g.m().containsKey("activeUntil")) {
                            latestEnd = Math.max(latestEnd, Long.parseLong(g.m().get("activeUntil").n()));
                        }
                    }
                }
            }
            String where = userId + " entitlement " + sku;
            switch (item.get("entType").s()) {
                case "PERMANENT" -> {
                    if (quantity > 0) {
                        Map<String, AttributeValue> p = purchases.get(item.get("purchaseId").s());
                        assertNotNull(p, "owned unlock without its purchase: " + where);
                        assertFalse(p.containsKey("status") && !"COMPLETED".equals(p.get("status").s()),
                                "owned unlock whose purchase was refunded: " + where);
                    }
                }
                case "PASS" -> {
                    long end = Long.parseLong(item.get("activeUntil").n());
                    if (end > now) {
                        assertTrue(anyCompleted, "active pass without a completed purchase: " + where);
                        assertTrue(end <= latestEnd, "pass ends after every completed purchase's end: " + where);
                    }
                }
                case "CONSUMABLE" -> assertEquals(granted - consumed.getOrDefault(sku, 0L), quantity,
                        "consumable = granted by completed purchases - consumed: " + where);
                default -> fail("unknown entitlement type at " + where);
            }
        }
    }
}

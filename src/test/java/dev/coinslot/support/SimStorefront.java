package dev.coinslot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.LambdaApi.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The storefront part of the {@link Simulation}'s model: the catalog document the simulated operator manages (list
 * prices, retired SKUs, offers with per-user limits and segments, a chance SKU), the price the server must charge a
 * user for a SKU now, and the storefront invariants of a wallet (units bought per offer never above its limit, the
 * wallet item's {@code offerUses} equal to its purchases, one drawn outcome per chance unit).
 */
final class SimStorefront {

    static final String OPERATOR_SCOPE = "coinslot/operator";
    /** {@code coinslot.storefront.high-spender-credits} (default). */
    static final long HIGH_SPENDER = 2_000;
    static final Set<String> BOX_OUTCOMES = Set.of("sticker-cat", "hat-gold");
    /** SKUs nothing listed contains or draws, so retiring them is always valid. */
    static final List<String> RETIRABLE = List.of("article-fees", "sticker-pack");
    static final List<Set<String>> SEGMENT_CHOICES = List.of(Set.of(), Set.of("new"), Set.of("returning"),
            Set.of("high-spender"), Set.of("new", "returning"));

    record Offer(String id, String sku, long price, Instant startsAt, Instant endsAt, Integer limit, Set<String> segments) {
        boolean validAt(Instant now) {
            return !now.isBefore(startsAt) && now.isBefore(endsAt);
        }
    }

    private final LambdaApi operator;
    private final long seed;
    private final Map<String, Long> listPrice = new LinkedHashMap<>();
    private final Set<String> retired = new LinkedHashSet<>();
    private final List<Offer> offers = new ArrayList<>();
    /** Units each user bought per offer, from the 201 answers. */
    private final Map<String, Map<String, Integer>> uses = new HashMap<>();

    SimStorefront(long seed) {
        this.seed = seed;
        this.operator = LambdaApi.as("sim-operator-" + seed).withScopes(OPERATOR_SCOPE);
        listPrice.put("sticker-cat", 49L);
        listPrice.put("sticker-dog", 49L);
        listPrice.put("hat-gold", 99L);
        listPrice.put("article-fees", 199L);
        listPrice.put("sticker-pack", 249L);
        listPrice.put("sim-box", 30L);
    }

    /** The operator imports the starting document: the file catalog's SKUs and a chance SKU, no offers. */
    void importStart() {
        Response r = operator.put("/admin/catalog", document());
        assertEquals(200, r.status(), r.body());
    }

    /** One operator change: reprice a SKU, retire or restore one, or add an offer (active, future or past). */
    String operatorStep(Random random, Stats stats) {
        int roll = random.nextInt(3);
        Response r;
        if (roll == 0) {
            List<String> ids = new ArrayList<>(listPrice.keySet());
            String sku = ids.get(random.nextInt(ids.size()));
            listPrice.put(sku, 1L + random.nextInt(300));
            r = operator.put("/admin/catalog/skus/" + sku, skuJson(sku, false));
            stats.add("operator.reprice");
        } else if (roll == 1) {
            String sku = RETIRABLE.get(random.nextInt(RETIRABLE.size()));
            if (retired.remove(sku)) {
                r = operator.put("/admin/catalog/skus/" + sku, skuJson(sku, false));
                stats.add("operator.restore");
            } else {
                retired.add(sku);
                r = operator.post("/admin/catalog/skus/" + sku + "/retire", null, Map.of());
                stats.add("operator.retire");
            }
        } else {
            List<String> ids = new ArrayList<>(listPrice.keySet());
            String sku = ids.get(random.nextInt(ids.size()));
            Instant now = ShiftedClock.now().truncatedTo(ChronoUnit.SECONDS);
            int window = random.nextInt(10);
            Instant starts = window < 6 ? now.minus(1, ChronoUnit.HOURS) : window < 8 ? now.plus(6, ChronoUnit.HOURS)
                    : now.minus(6, ChronoUnit.HOURS);
            Instant ends = window < 6 ? now.plus(6, ChronoUnit.HOURS) : window < 8 ? now.plus(12, ChronoUnit.HOURS)
                    : now.minus(1, ChronoUnit.HOURS);
            int limitRoll = random.nextInt(3);
            offers.add(new Offer("sim-" + seed + "-o" + offers.size(), sku, 1 + random.nextInt((int) (long) listPrice.get(sku)),
                    starts, ends, limitRoll == 0 ? null : limitRoll, SEGMENT_CHOICES.get(random.nextInt(SEGMENT_CHOICES.size()))));
            r = operator.put("/admin/catalog", document());
            stats.add("operator.offer");
        }
        assertEquals(200, r.status(), "operator change: " + r.body());
        return null;
    }

    boolean retired(String sku) {
        return retired.contains(sku);
    }

    /** The unit price the server must charge {@code user} for {@code quantity} × {@code sku} now. */
    long unitPrice(String user, String sku, int quantity, Map<String, Long> userPurchases) {
        String segment = userPurchases.isEmpty() ? "new"
                : userPurchases.values().stream().mapToLong(Long::longValue).sum() >= HIGH_SPENDER ? "high-spender" : "returning";
        Instant now = ShiftedClock.now();
        Map<String, Integer> mine = uses.getOrDefault(user, Map.of());
        return offers.stream()
                .filter(o -> o.sku().equals(sku) && o.validAt(now) && (o.segments().isEmpty() || o.segments().contains(segment)))
                .filter(o -> o.limit() == null || o.limit() - mine.getOrDefault(o.id(), 0) >= quantity)
                .mapToLong(Offer::price).min().orElse(listPrice.get(sku));
    }

    /** A first 201 of a purchase: counts the units bought at its offer's price. */
    void purchased(String user, String offerId, int quantity) {
        if (offerId != null) {
            uses.computeIfAbsent(user, u -> new HashMap<>()).merge(offerId, quantity, Integer::sum);
        }
    }

    /**
     * The storefront invariants of one wallet: per offer, the units its purchase items record equal the wallet item's
     * {@code offerUses} and never exceed the offer's limit; {@code storePurchases} counts the purchase items; each chance
     * purchase drew one real outcome per unit.
     */
    void assertInvariants(String user, boolean modelCertain) {
        List<Map<String, AttributeValue>> items = WalletInvariants.items(user);
        Map<String, Integer> fromPurchases = new TreeMap<>();
        long count = 0;
        Map<String, AttributeValue> wallet = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.equals("WALLET")) {
                wallet = item;
            } else if (sk.startsWith("PURCHASE#") || sk.startsWith("LEDGER#") && item.containsKey("purchaseId")) {
                // a purchase's ledger entry is its record (wallet v2); PURCHASE# items are from before
                count++;
                int quantity = Integer.parseInt(item.get("quantity").n());
                if (item.containsKey("offerId")) {
                    fromPurchases.merge(item.get("offerId").s(), quantity, Integer::sum);
                }
                if (item.get("sku").s().equals("sim-box")) {
                    List<String> drawn = item.get("drawnSkus").l().stream().map(AttributeValue::s).toList();
                    assertEquals(quantity, drawn.size(), "one outcome per unit: " + item);
                    assertTrue(BOX_OUTCOMES.containsAll(drawn), "outcomes are the box's: " + drawn);
                } else {
                    assertTrue(!item.containsKey("drawnSkus"), "only chance purchases draw: " + item);
                }
            }
        }
        for (Map.Entry<String, Integer> e : fromPurchases.entrySet()) {
            Offer offer = offers.stream().filter(o -> o.id().equals(e.getKey())).findFirst().orElseThrow();
            assertTrue(offer.limit() == null || e.getValue() <= offer.limit(),
                    user + " bought " + e.getValue() + " units of offer " + offer);
        }
        Map<String, Integer> onWallet = new TreeMap<>();
        if (wallet != null && wallet.containsKey("offerUses")) {
            wallet.get("offerUses").m().forEach((k, v) -> onWallet.put(k, Integer.parseInt(v.n())));
        }
        assertEquals(fromPurchases, onWallet, "offerUses on the wallet item of " + user);
        long stored = wallet == null || !wallet.containsKey("storePurchases") ? 0 : Long.parseLong(wallet.get("storePurchases").n());
        assertEquals(count, stored, "storePurchases of " + user);
        if (modelCertain) {
            assertEquals(new TreeMap<>(uses.getOrDefault(user, Map.of())), fromPurchases, "offer units answered 201 vs stored, " + user);
        }
    }

    private String document() {
        String skus = listPrice.keySet().stream().map(id -> skuJson(id, true)).collect(Collectors.joining(","));
        String offerJson = offers.stream().map(o -> "{\"offerId\":\"" + o.id() + "\",\"sku\":\"" + o.sku() + "\",\"priceCredits\":"
                + o.price() + ",\"startsAt\":\"" + o.startsAt() + "\",\"endsAt\":\"" + o.endsAt() + "\""
                + (o.limit() == null ? "" : ",\"perUserLimit\":" + o.limit())
                + ",\"segments\":[" + o.segments().stream().sorted().map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(","));
        return "{\"skus\":[" + skus + "],\"offers\":[" + offerJson + "]}";
    }

    private String skuJson(String id, boolean withId) {
        String head = "{" + (withId ? "\"sku\":\"" + id + "\"," : "");
        String tail = ",\"priceCredits\":" + listPrice.get(id) + ",\"retired\":" + retired.contains(id) + "}";
        return head + switch (id) {
            case "sticker-cat" -> "\"name\":\"Cat sticker\",\"kind\":\"sticker\",\"grants\":\"consumable\"";
            case "sticker-dog" -> "\"name\":\"Dog sticker\",\"kind\":\"sticker\",\"grants\":\"consumable\"";
            case "hat-gold" -> "\"name\":\"Golden hat\",\"kind\":\"cosmetic\",\"grants\":\"permanent\"";
            case "article-fees" -> "\"name\":\"Article\",\"kind\":\"article\",\"grants\":\"permanent\"";
            case "sticker-pack" -> "\"name\":\"Sticker pack\",\"kind\":\"bundle\","
                    + "\"items\":[{\"sku\":\"sticker-cat\",\"quantity\":3},{\"sku\":\"sticker-dog\",\"quantity\":3}]";
            case "sim-box" -> "\"name\":\"Mystery box\",\"kind\":\"chance\","
                    + "\"outcomes\":[{\"sku\":\"sticker-cat\",\"weight\":3},{\"sku\":\"hat-gold\",\"weight\":1}]";
            default -> throw new IllegalArgumentException(id);
        } + tail;
    }

    /** The stats sink of the simulation. */
    interface Stats {
        void add(String name);
    }
}

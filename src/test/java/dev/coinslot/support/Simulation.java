package dev.coinslot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coinslot.support.LambdaApi.Response;
import java.time.Duration;
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

/**
 * A seeded, randomized run of the whole wallet against DynamoDB Local and the loopback Stripe: many users check out
 * (retrying the same idempotency key after failures, and replaying finished ones), top up, pay, get refunded and
 * disputed, while Stripe delivers webhooks shuffled, duplicated, late or never, and faults strike DynamoDB and Stripe.
 * The money invariants are checked after every step; at the end, with faults off, every client retry is finished, the
 * sweep runs and every event is delivered, and each wallet must hold exactly what the model says.
 *
 * <p>Foreign traffic is shuffled into the deliveries from a second random stream (its own dice, so the main
 * stream's choices are not reshuffled by it): payments of another deployment sharing the Stripe account (with their refunds and disputes), live-mode
 * events, and PaymentIntents created outside Coinslot with forged metadata (0.50 USD claiming a million credits, naming
 * real top-ups, inflating the bonus). Some are also left in Stripe for the sweep to find. Each must be acknowledged
 * without being applied, and nothing foreign may ever be credited.
 *
 * <p>The storefront joins in ({@link SimStorefront}): an operator reprices, retires and restores SKUs and adds offers
 * (active, future or past, with per-user limits and segments) mid-run; the client pays the price its model says the
 * server charges that user now; a chance SKU is bought too. After every step the touched wallet's offer units stay
 * within their limits and match its purchases.
 *
 * <p>The app runs as {@code coinslot.function=all}, so one Quarkus application serves all four functions' routes.
 */
public final class Simulation {

    /** Counts of one run, printed by the test. */
    public static final class Stats {
        public final Map<String, Long> counts = new TreeMap<>();

        void add(String name) {
            counts.merge(name, 1L, Long::sum);
        }

        public long get(String name) {
            return counts.getOrDefault(name, 0L);
        }
    }

    private record Pack(String id, long amount, long base, long bonus, long eur, long jpy) {
        long credits() {
            return base + bonus;
        }

        /** The price in {@code currency} (null = USD), as application.properties sets it. */
        long amountIn(String currency) {
            return currency == null ? amount : switch (currency) {
                case "EUR" -> eur;
                case "JPY" -> jpy;
                default -> throw new IllegalArgumentException(currency);
            };
        }
    }

    /** A catalog item as GET /catalog lists it; {@code grants} is its grant type, null for bundles. */
    private record Sku(String id, long price, String grants, String kind) {
        boolean permanent() {
            return "PERMANENT".equals(grants);
        }

        /** A chance may draw a permanent unlock: the client buys one at a time (two draws of one unlock are refused). */
        boolean oneAtATime() {
            return permanent() || "CHANCE".equals(kind);
        }
    }

    private record CheckoutRequest(String user, String sku, int quantity, long expected) {
    }

    /** {@code currency}: null for the deployment's default (USD), else one the packs are also sold in. */
    private record TopUpRequest(String user, String pack, String currency) {
    }

    /** The model of one card payment as Stripe sees it. */
    private static final class Payment {
        final String pi;
        final String user;
        final String topUpId;
        final Pack pack;
        /** What the card is charged, in minor units of the currency the top-up was bought in. */
        final long amount;
        final String currency;
        boolean paid;
        long refunded;
        String disputeId;
        Boolean disputeWon;

        Payment(String pi, String user, String topUpId, Pack pack, long amount, String currency) {
            this.pi = pi;
            this.user = user;
            this.topUpId = topUpId;
            this.pack = pack;
            this.amount = amount;
            this.currency = currency;
        }

        /** The PaymentIntent as Stripe's events show it, in the currency and amount it was created with. */
        ObjectNode intent(String status) {
            ObjectNode object = StripeEvents.paymentIntent(pi, user, topUpId, pack.id(), amount, pack.base(), pack.bonus(), status);
            object.put("currency", currency.toLowerCase(java.util.Locale.ROOT));
            return object;
        }

        long expectedClawback() {
            if (Boolean.FALSE.equals(disputeWon) || refunded >= amount) {
                return pack.credits();
            }
            return pack.credits() * refunded / amount;
        }
    }

    /** A Stripe event waiting to be delivered, with the user it touches. */
    private record Pending(String body, String user) {
    }

    private static final List<Pack> PACKS = List.of(new Pack("starter", 500, 500, 0, 500, 750),
            new Pack("plus", 1000, 1000, 100, 950, 1500), new Pack("max", 2000, 2000, 400, 1900, 3000));
    private static final int CLIENT_ATTEMPTS = 4;

    private final long seed;
    private final int operations;
    private final Random random;
    private final StripeStub stripe;
    private final Stats stats = new Stats();
    private final List<String> users = new ArrayList<>();
    private final Map<String, Long> grants = new HashMap<>();
    private final List<Sku> skus = new ArrayList<>();

    private final Map<String, CheckoutRequest> checkouts = new LinkedHashMap<>();
    private final Map<String, TopUpRequest> topUps = new LinkedHashMap<>();
    /** The first successful body per idempotency key: every later success must be byte-identical. */
    private final Map<String, String> firstAnswer = new HashMap<>();
    /** Keys whose last answer was a 5xx: the client still owes a retry. */
    private final Set<String> unfinished = new LinkedHashSet<>();
    private final Map<String, Map<String, Long>> purchases = new HashMap<>();
    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final List<Pending> outbox = new ArrayList<>();
    /**
     * Loyalty rewards by user and reference ({@code daily:<day>}, {@code grant:<reference>}, and for a purchase's
     * rewards {@code earned:<purchaseId>:<type>:<n>}): credits granted.
     */
    private final Map<String, Map<String, Long>> rewards = new HashMap<>();
    /** The cashback each purchase answered it earned, by purchase id (what a refund must take back exactly). */
    private final Map<String, Long> cashbackByPurchase = new HashMap<>();
    /** Per refunded purchase: the takenBackCredits its refund answered. */
    private final Map<String, Long> takenBackAnswered = new HashMap<>();
    /** Reward requests whose last answer was a 5xx, by key: the client still owes a retry. */
    private final Map<String, java.util.function.Supplier<String>> unfinishedRewards = new LinkedHashMap<>();
    private int grantsSent;

    /** A foreign or forged event and the outcomes its first delivery may answer (never "applied"). */
    private record Foreign(String body, String user, Set<String> outcomes) {
    }

    private final Random foreignRandom;
    private final List<Foreign> foreignOutbox = new ArrayList<>();
    /** Top-up ids named only by foreign or forged payments: none may ever be credited. */
    private final Set<String> foreignTopUps = new LinkedHashSet<>();

    /** {@code coinslot.topups.max-per-hour} of {@link SimulationProfile}: low enough that busy wallets reach it. */
    public static final int TOP_UPS_PER_HOUR = 8;

    private final Instant startedAt = ShiftedClock.now();
    private final SimStorefront store;

    public Simulation(long seed, int operations, StripeStub stripe) {
        this.seed = seed;
        this.operations = operations;
        this.random = new Random(seed);
        this.foreignRandom = new Random(~seed);
        this.ownRandom = new Random(seed * 31 + 7);
        this.stripe = stripe;
        this.store = new SimStorefront(seed);
    }

    public Stats run() {
        setUp();
        for (int op = 0; op < operations; op++) {
            String foreignTouched = foreignStep();
            if (foreignTouched != null) {
                WalletInvariants.assertMoneyInvariants(foreignTouched);
            }
            String touched = step();
            stats.add("operations");
            DynamoFaults.disarm();
            if (touched != null) {
                WalletInvariants.assertMoneyInvariants(touched);
                store.assertInvariants(touched, certain(touched));
                WalletInvariants.assertOwnershipInvariants(touched);
            }
            String owner = ownershipStep();
            DynamoFaults.disarm();
            if (owner != null) {
                WalletInvariants.assertMoneyInvariants(owner);
                WalletInvariants.assertOwnershipInvariants(owner);
            }
        }
        settle();
        verifyFinalState();
        return stats;
    }

    private void setUp() {
        store.importStart();
        Response catalog = LambdaApi.anonymous().get("/catalog");
        assertEquals(200, catalog.status(), catalog.body());
        List<Map<String, Object>> list = catalog.json().getList("skus");
        list.forEach(s -> skus.add(new Sku((String) s.get("sku"), ((Number) s.get("priceCredits")).longValue(),
                s.get("grants") instanceof Map<?, ?> g ? (String) g.get("type") : null, (String) s.get("kind"))));
        int count = 6 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String user = "sim-" + seed + "-" + i + "-" + Long.toHexString(random.nextLong());
            users.add(user);
            long grant = random.nextInt(3) == 0 ? 0 : 50 + random.nextInt(500);
            if (grant > 0) {
                Wallets.fund(user, grant);
            }
            grants.put(user, grant);
            purchases.put(user, new HashMap<>());
            rewards.put(user, new HashMap<>());
        }
    }

    /** One random operation; returns the user whose wallet it touched. */
    private String step() {
        int roll = random.nextInt(100);
        if (roll < 28) {
            return newCheckout();
        } else if (roll < 36) {
            return replay(checkouts, "checkout", key -> sendCheckout(key, true), CheckoutRequest::user);
        } else if (roll < 45) {
            return newTopUp();
        } else if (roll < 48) {
            return replay(topUps, "topup", key -> sendTopUp(key, true), TopUpRequest::user);
        } else if (roll < 57) {
            return pay();
        } else if (roll < 60) {
            return failPayment();
        } else if (roll < 66) {
            return refund();
        } else if (roll < 69) {
            return openDispute();
        } else if (roll < 72) {
            return closeDispute();
        } else if (roll < 88) {
            return deliverSome();
        } else if (roll < 90) {
            sweep(true);
            return null;
        } else if (roll < 91) {
            return read();
        } else if (roll < 92) {
            return random.nextBoolean() ? claimDaily() : grantEarned();
        } else if (roll < 94) {
            advanceClock();
            return null;
        } else if (roll < 96) {
            return store.operatorStep(random, stats::add);
        } else {
            return retryUnfinished();
        }
    }

    // ---- client operations ------------------------------------------------------------------------------------

    private String newCheckout() {
        String user = pick(users);
        Sku sku = pick(skus);
        int drawn = 1 + random.nextInt(3);
        // a client offers one unit of a permanent unlock (the draw is kept so the stream of choices stays the same)
        int quantity = sku.oneAtATime() ? 1 : drawn;
        // the client shows the price the server charges this user now (offers included), or a stale one
        long shown = priceOf(new CheckoutRequest(user, sku.id(), quantity, 0));
        long expected = random.nextInt(20) == 0 ? shown + 1 : shown;
        String key = "ck-" + seed + "-" + checkouts.size();
        checkouts.put(key, new CheckoutRequest(user, sku.id(), quantity, expected));
        sendCheckout(key, true);
        return user;
    }

    /** Sends an earlier request again under its key (a client retry or a double tap); returns its user. */
    private <R> String replay(Map<String, R> requests, String kind, java.util.function.Consumer<String> send,
            java.util.function.Function<R, String> user) {
        if (requests.isEmpty()) {
            return null;
        }
        String key = pick(new ArrayList<>(requests.keySet()));
        send.accept(key);
        stats.add(kind + ".replays");
        return user.apply(requests.get(key));
    }

    private void sendCheckout(String key, boolean withFaults) {
        CheckoutRequest c = checkouts.get(key);
        Response r = withClientRetries("checkout", withFaults,
                () -> LambdaApi.as(c.user()).checkout(key, c.sku(), c.quantity(), c.expected()));
        if (r.status() >= 500) {
            unfinished.add(key);
            return;
        }
        boolean certain = certain(c.user());
        unfinished.remove(key);
        switch (r.status()) {
            case 201 -> {
                boolean first = !firstAnswer.containsKey(key);
                sameAsFirst(key, r);
                if (first && certain) {
                    assertEquals(priceOf(c), c.expected(), context("charged a price the model does not give: " + r.body()));
                }
                String purchaseId = r.json().getString("purchaseId");
                if (!purchases.get(c.user()).containsKey(purchaseId)) {
                    store.purchased(c.user(), r.json().getString("offerId"), c.quantity());
                    if (r.json().getString("offerId") != null) {
                        stats.add("checkout.atOfferPrice");
                    }
                    if (c.sku().equals("sim-box")) {
                        stats.add("checkout.chance");
                    }
                }
                purchases.get(c.user()).put(purchaseId, r.json().getLong("priceCredits"));
                // the rewards it earned (a replay answers the same body, sameAsFirst checked it)
                List<Map<String, Object>> earned = r.json().getList("earned");
                long cashback = 0;
                for (int i = 0; i < earned.size(); i++) {
                    String type = (String) earned.get(i).get("type");
                    long credits = ((Number) earned.get(i).get("credits")).longValue();
                    assertTrue(credits > 0 && java.util.Set.of("CASHBACK", "STREAK_REWARD", "STAMP_REWARD").contains(type),
                            context("earned " + earned));
                    rewards.get(c.user()).put("earned:" + purchaseId + ":" + type + ":" + i, credits);
                    cashback += "CASHBACK".equals(type) ? credits : 0;
                    stats.add("checkout.earned." + type);
                }
                cashbackByPurchase.put(purchaseId, cashback);
            }
            case 402, 423 -> assertTrue(!firstAnswer.containsKey(key), "a key that purchased answered " + r.status());
            case 404 -> assertTrue(store.retired(c.sku()), context("404 for a sku on sale: " + r.body()));
            case 409 -> {
                if (r.json().getString("type").endsWith("/already-owned")) {
                    assertTrue(skuOf(c).permanent() || "CHANCE".equals(skuOf(c).kind()),
                            context("already-owned for " + c.sku() + ": " + r.body()));
                    assertTrue(!firstAnswer.containsKey(key), context("a key that purchased answered already-owned"));
                    stats.add("checkout.409.already-owned");
                } else {
                    assertTrue(!certain || c.expected() != priceOf(c), context("409 for a correct price: " + r.body()));
                }
            }
            default -> fail(context("checkout " + key + " answered " + r.status() + ": " + r.body()));
        }
        stats.add("checkout." + r.status());
    }

    /** What the server charges for {@code c} now, by the model (offers, the user's segment and offer units). */
    private long priceOf(CheckoutRequest c) {
        return store.unitPrice(c.user(), c.sku(), c.quantity(), purchases.get(c.user())) * c.quantity();
    }

    private Sku skuOf(CheckoutRequest c) {
        return skus.stream().filter(s -> s.id().equals(c.sku())).findFirst().orElseThrow();
    }

    /** Whether the model knows the user's purchases: none of their checkouts awaits a retry (it may have committed). */
    private boolean certain(String user) {
        return unfinished.stream().noneMatch(k -> checkouts.containsKey(k) && checkouts.get(k).user().equals(user));
    }

    private String newTopUp() {
        String user = pick(users);
        String key = "tk-" + seed + "-" + topUps.size();
        int currencyRoll = random.nextInt(10);
        topUps.put(key, new TopUpRequest(user, pick(PACKS).id(), currencyRoll < 6 ? null : currencyRoll < 8 ? "EUR" : "JPY"));
        sendTopUp(key, true);
        return user;
    }


    private void sendTopUp(String key, boolean withFaults) {
        TopUpRequest t = topUps.get(key);
        Response r = withClientRetries("topup", withFaults, () -> {
            if (withFaults) {
                armStripeFault("/v1/");
            }
            String currency = t.currency() == null ? "" : ",\"currency\":\"" + t.currency() + "\"";
            return LambdaApi.as(t.user()).post("/topups", "{\"packId\":\"" + t.pack() + "\"" + currency + "}",
                    Map.of("Idempotency-Key", key));
        });
        if (r.status() >= 500) {
            unfinished.add(key);
            return;
        }
        unfinished.remove(key);
        if (r.status() == 429) {
            // the user's hourly top-up allowance is used up: nothing started, nothing sent to Stripe for this key
            assertProblem(r);
            assertEquals("https://coinslot.dev/problems/too-many-top-ups", r.json().getString("type"), context(r.body()));
            assertTrue(Long.parseLong(r.header("retry-after")) >= 1, context("429 without Retry-After"));
            assertTrue(!firstAnswer.containsKey(key), context("a started top-up " + key + " answered 429"));
            stats.add("topup.429");
            return;
        }
        assertEquals(201, r.status(), context("top-up " + key + ": " + r.body()));
        sameAsFirst(key, r);
        String pi = r.json().getString("paymentIntentId");
        Pack pack = PACKS.stream().filter(p -> p.id().equals(t.pack())).findFirst().orElseThrow();
        long amount = pack.amountIn(t.currency());
        assertEquals(amount, r.json().getLong("amountMinor"), context("price of " + t.pack() + " in " + t.currency()));
        assertEquals(t.currency() == null ? "USD" : t.currency(), r.json().getString("currency"), context(r.body()));
        payments.putIfAbsent(pi, new Payment(pi, t.user(), r.json().getString("topUpId"), pack, amount,
                r.json().getString("currency")));
        stats.add("topup.201." + r.json().getString("currency"));
        stats.add("topup.201");
    }

    private String retryUnfinished() {
        if (unfinished.isEmpty()) {
            return null;
        }
        String key = unfinished.iterator().next();
        stats.add("client.lateRetries");
        if (checkouts.containsKey(key)) {
            sendCheckout(key, true);
            return checkouts.get(key).user();
        }
        sendTopUp(key, true);
        return topUps.get(key).user();
    }

    private String read() {
        String user = pick(users);
        Response r = withClientRetries("read", true, () -> random.nextBoolean() ? LambdaApi.as(user).get("/wallet")
                : LambdaApi.as(user).get("/wallet/ledger", Map.of("limit", "5")));
        assertTrue(r.status() == 200 || r.status() == 503, context("read answered " + r.status() + ": " + r.body()));
        return user;
    }

    /** The daily reward: 201 the first time in a UTC day, then 200 with the same body; a 5xx is retried later. */
    private String claimDaily() {
        String user = pick(users);
        sendDaily(user, true);
        return user;
    }

    private String sendDaily(String user, boolean withFaults) {
        Response r = withClientRetries("daily", withFaults, () -> LambdaApi.as(user).post("/rewards/daily", null, Map.of()));
        String key = "daily:" + user + ":" + java.time.LocalDate.ofInstant(ShiftedClock.now(), java.time.ZoneOffset.UTC);
        if (r.status() >= 500) {
            unfinishedRewards.put(key, () -> sendDaily(user, false));
            return user;
        }
        unfinishedRewards.remove(key);
        assertTrue(r.status() == 201 || r.status() == 200, context("daily answered " + r.status() + ": " + r.body()));
        String reference = "daily:" + r.json().getString("claimedAt").substring(0, 10);
        stats.add("rewards.daily." + r.status());
        rememberReward(user, reference, r);
        return user;
    }

    /** An operator grant (IAM), 10–150 credits, under the profile's daily cap; sometimes the same reference again. */
    private String grantEarned() {
        String user = pick(users);
        String reference = random.nextInt(4) == 0 && grantsSent > 0 ? "sim-" + seed + "-g" + random.nextInt(grantsSent)
                : "sim-" + seed + "-g" + grantsSent++;
        long credits = 10 + (reference.hashCode() & 0x7f);
        sendGrant(user, reference, credits, true);
        return user;
    }

    private String sendGrant(String user, String reference, long credits, boolean withFaults) {
        String body = "{\"userId\":\"" + user + "\",\"credits\":" + credits + ",\"reason\":\"level done\",\"reference\":\""
                + reference + "\"}";
        Response r = withClientRetries("grant", withFaults, () -> operator(body));
        String key = "grant:" + user + ":" + reference;
        if (r.status() >= 500) {
            unfinishedRewards.put(key, () -> sendGrant(user, reference, credits, false));
            return user;
        }
        unfinishedRewards.remove(key);
        stats.add("rewards.grant." + r.status());
        switch (r.status()) {
            case 200, 201 -> rememberReward(user, "grant:" + reference, r);
            // the same reference sent for another user is another user's grant; over the cap nothing is granted
            case 429, 422 -> assertProblem(r);
            default -> fail(context("grant answered " + r.status() + ": " + r.body()));
        }
        return user;
    }

    /** A {@code POST /grants} event as the operator's IAM role sends it. */
    private static Response operator(String body) {
        try {
            ObjectNode event = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(LambdaApi.anonymous().event("POST", "/grants", Map.of(), body, Map.of()));
            ObjectNode iam = ((ObjectNode) event.path("requestContext")).putObject("authorizer").putObject("iam");
            iam.put("accountId", "123456789012");
            iam.put("userArn", "arn:aws:sts::123456789012:assumed-role/game-server/sim");
            return LambdaApi.invoke(event.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first success for a reward reference is the reward; every later success must answer the same credits. */
    private void rememberReward(String user, String reference, Response r) {
        long credits = r.json().getLong("credits");
        Long first = rewards.get(user).putIfAbsent(reference, credits);
        if (first != null) {
            assertEquals(first.longValue(), credits, context("reward " + reference + " answered other credits"));
            assertEquals("true", r.header("idempotent-replayed"), context("repeated reward " + reference + " not marked"));
        }
    }

    /**
     * Moves the application's clock 5 to 60 minutes forward: bonus credits (3 h in this profile) lapse during the run,
     * and the next write to their wallet (or the sweep) expires them.
     */
    private void advanceClock() {
        ShiftedClock.advance(Duration.ofMinutes(5 + random.nextInt(56)));
        stats.add("clock.advanced");
    }

    // ---- Stripe's side: payments, refunds, disputes, webhook deliveries ---------------------------------------

    private String pay() {
        Payment p = pickPayment(x -> !x.paid);
        if (p == null) {
            return null;
        }
        stripe.setPaymentIntentStatus(p.pi, "succeeded");
        p.paid = true;
        ObjectNode object = p.intent("succeeded");
        int copies = random.nextInt(7) == 0 ? 0 : 1 + random.nextInt(2);
        if (copies == 0) {
            stats.add("events.neverDelivered");
        }
        String body = StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", object);
        for (int i = 0; i < copies; i++) {
            // a redelivery of the same event, or another event about the same payment
            enqueue(i == 0 || random.nextBoolean() ? body
                    : StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", object), p.user);
        }
        return p.user;
    }

    private String failPayment() {
        Payment p = pickPayment(x -> !x.paid);
        if (p == null) {
            return null;
        }
        ObjectNode object = p.intent("requires_payment_method");
        enqueue(StripeEvents.event(StripeEvents.newEventId(), "payment_intent.payment_failed", object), p.user);
        return p.user;
    }

    private String refund() {
        Payment p = pickPayment(x -> x.paid && x.refunded < x.amount);
        if (p == null) {
            return null;
        }
        long left = p.amount - p.refunded;
        p.refunded += random.nextInt(3) == 0 ? left : 1 + random.nextInt((int) left);
        enqueue(StripeEvents.event(StripeEvents.newEventId(), "charge.refunded",
                StripeEvents.charge(p.pi, p.amount, p.refunded)), p.user);
        stats.add("refunds");
        return p.user;
    }

    private String openDispute() {
        Payment p = pickPayment(x -> x.paid && x.disputeId == null);
        if (p == null) {
            return null;
        }
        p.disputeId = "dp_" + Long.toHexString(random.nextLong());
        enqueue(StripeEvents.event(StripeEvents.newEventId(), "charge.dispute.created",
                StripeEvents.dispute(p.disputeId, p.pi, p.amount, "needs_response")), p.user);
        stats.add("disputes.opened");
        return p.user;
    }

    private String closeDispute() {
        Payment p = pickPayment(x -> x.disputeId != null && x.disputeWon == null);
        if (p == null) {
            return null;
        }
        closeDispute(p);
        return p.user;
    }

    private void closeDispute(Payment p) {
        p.disputeWon = random.nextBoolean();
        enqueue(StripeEvents.event(StripeEvents.newEventId(), "charge.dispute.closed",
                StripeEvents.dispute(p.disputeId, p.pi, p.amount, p.disputeWon ? "won" : "lost")), p.user);
        stats.add("disputes.closed");
    }

    private void enqueue(String body, String user) {
        outbox.add(new Pending(body, user));
        stats.add("events.generated");
    }

    /** Delivers up to three events picked at random from the outbox (so out of order), sometimes twice. */
    private String deliverSome() {
        String touched = null;
        for (int i = 1 + random.nextInt(3); i > 0 && !outbox.isEmpty(); i--) {
            int index = random.nextInt(outbox.size());
            Pending event = outbox.get(index);
            armFaults(true);
            if (random.nextInt(10) == 0) {
                armStripeFault("/v1/payment_intents");
            }
            Response r = StripeEvents.deliver(event.body());
            DynamoFaults.disarm();
            if (accepted(r) && random.nextInt(8) != 0) {
                outbox.remove(index);
            } else if (r.status() == 200) {
                stats.add("events.redelivered");
            }
            touched = event.user();
        }
        return touched;
    }

    private boolean accepted(Response r) {
        stats.add("webhook." + r.status());
        if (r.status() == 200) {
            return true;
        }
        LogSecretScan.scanBody(r.body());
        assertEquals(503, r.status(), context("webhook answered " + r.status() + ": " + r.body()));
        assertProblem(r);
        return false;
    }

    private void sweep(boolean withFaults) {
        if (withFaults) {
            armFaults(true);
            if (random.nextInt(5) == 0) {
                armStripeFault("/v1/payment_intents");
            }
        }
        Response r = LambdaApi.scheduled().post("/internal/sweep", "{}", Map.of());
        DynamoFaults.disarm();
        stats.add("sweep." + r.status());
        if (r.status() == 200) {
            stats.counts.merge("sweep.repaired", r.json().getLong("repaired"), Long::sum);
            stats.counts.merge("sweep.expiredCredits", r.json().getLong("expiredCredits"), Long::sum);
            for (String count : List.of("ignored", "stuck")) {
                Number n = r.json().get(count);
                stats.counts.merge("sweep." + count, n == null ? 0L : n.longValue(), Long::sum);
            }
        } else {
            assertEquals(503, r.status(), context("sweep answered " + r.status() + ": " + r.body()));
            assertProblem(r);
        }
    }

    // ---- foreign traffic: another deployment, the other livemode, forged metadata --------------------------------

    /** With the foreign stream's dice: creates a foreign event, or delivers one (out of order, sometimes again). */
    private String foreignStep() {
        int roll = foreignRandom.nextInt(100);
        if (roll < 5) {
            newForeignEvent();
            return null;
        }
        if (roll < 10 && !foreignOutbox.isEmpty()) {
            int index = foreignRandom.nextInt(foreignOutbox.size());
            Foreign event = foreignOutbox.get(index);
            if (deliverForeign(event) && foreignRandom.nextInt(4) != 0) {
                foreignOutbox.remove(index);
            }
            return event.user();
        }
        return null;
    }

    private void newForeignEvent() {
        String user = users.get(foreignRandom.nextInt(users.size()));
        String topUpId = "top_foreign" + Long.toHexString(foreignRandom.nextLong());
        String pi = "pi_foreign" + Long.toHexString(foreignRandom.nextLong());
        Pack pack = PACKS.get(foreignRandom.nextInt(PACKS.size()));
        String other = StripeEvents.OTHER_DEPLOYMENT_ID;
        String ours = StripeEvents.DEPLOYMENT_ID;
        Set<String> ignored = Set.of("ignored", "duplicate");
        Set<String> stuck = Set.of("stuck", "duplicate");
        switch (foreignRandom.nextInt(7)) {
            case 0 -> {
                // another deployment's payment, its refund and its dispute; Stripe lists it to the sweep too
                ObjectNode object = StripeEvents.paymentIntent(pi, user, topUpId, pack.id(), pack.amount(), pack.base(),
                        pack.bonus(), "succeeded", other);
                stripe.putPaymentIntent(StripeEvents.asMap(object));
                foreignTopUps.add(topUpId);
                foreign("payment_intent.succeeded", object, user, ignored);
                foreign("charge.refunded", StripeEvents.charge(pi, pack.amount(), pack.amount()), user, ignored);
                String dispute = "dp_foreign" + Long.toHexString(foreignRandom.nextLong());
                foreign("charge.dispute.created", StripeEvents.dispute(dispute, pi, pack.amount(), "needs_response"), user, ignored);
                foreign("charge.dispute.closed", StripeEvents.dispute(dispute, pi, pack.amount(), "lost"), user, ignored);
            }
            case 1 -> {
                ObjectNode object = StripeEvents.paymentIntent(pi, user, topUpId, pack.id(), pack.amount(), pack.base(),
                        pack.bonus(), "requires_payment_method", other);
                foreignTopUps.add(topUpId);
                foreign("payment_intent.payment_failed", object, user, ignored);
            }
            case 2 -> {
                // created outside Coinslot: 0.50 USD claiming a million credits, without a deployment id
                foreignTopUps.add(topUpId);
                foreign("payment_intent.succeeded", StripeEvents.paymentIntent(pi, user, topUpId, "plus", 50, 1_000_000, 0,
                        "succeeded", null), user, ignored);
            }
            case 3 -> {
                // the same with this deployment's id copied from a real payment; the sweep finds it too
                ObjectNode object = StripeEvents.paymentIntent(pi, user, topUpId, "plus", 50, 1_000_000, 0, "succeeded", ours);
                stripe.putPaymentIntent(StripeEvents.asMap(object));
                foreignTopUps.add(topUpId);
                foreign("payment_intent.succeeded", object, user, stuck);
            }
            case 4 -> {
                // the right price with an inflated bonus
                foreignTopUps.add(topUpId);
                foreign("payment_intent.succeeded", StripeEvents.paymentIntent(pi, user, topUpId, pack.id(), pack.amount(),
                        pack.base(), pack.bonus() + 100_000, "succeeded", ours), user, stuck);
            }
            case 5 -> {
                // a payment created outside Coinslot naming a real top-up: its id is not the recorded one
                if (!payments.isEmpty()) {
                    Payment real = new ArrayList<>(payments.values()).get(foreignRandom.nextInt(payments.size()));
                    foreign("payment_intent.succeeded", StripeEvents.paymentIntent(pi, real.user, real.topUpId, real.pack.id(),
                            real.pack.amount(), real.pack.base(), real.pack.bonus(), "succeeded", ours), real.user, stuck);
                }
            }
            default -> {
                // a live-mode copy of a real payment's success (this deployment runs on a test key)
                if (!payments.isEmpty()) {
                    Payment real = new ArrayList<>(payments.values()).get(foreignRandom.nextInt(payments.size()));
                    ObjectNode object = StripeEvents.paymentIntent(real.pi, real.user, real.topUpId, real.pack.id(),
                            real.pack.amount(), real.pack.base(), real.pack.bonus(), "succeeded");
                    foreignOutbox.add(new Foreign(StripeEvents.liveEvent(StripeEvents.newEventId(), "payment_intent.succeeded",
                            object), real.user, ignored));
                    stats.add("foreign.generated");
                }
            }
        }
    }

    private void foreign(String type, ObjectNode object, String user, Set<String> outcomes) {
        foreignOutbox.add(new Foreign(StripeEvents.event(StripeEvents.newEventId(), type, object), user, outcomes));
        stats.add("foreign.generated");
    }

    /**
     * Delivers; the answer must be 200 with one of the expected outcomes, never "applied". A 503 (a Stripe fault left
     * armed by the main stream hit the payment lookup) means "deliver again later", as for any event; returns false then.
     */
    private boolean deliverForeign(Foreign event) {
        Response r = StripeEvents.deliver(event.body());
        if (r.status() == 503) {
            assertProblem(r);
            stats.add("foreign.503");
            return false;
        }
        assertEquals(200, r.status(), context("foreign event answered " + r.status() + ": " + r.body()));
        String outcome = r.json().getString("outcome");
        assertTrue(event.outcomes().contains(outcome), context("foreign event answered " + outcome + ", expected one of "
                + event.outcomes()));
        stats.add("foreign." + outcome);
        return true;
    }

    // ---- ownership: consumption, self-service refunds, reads (own dice, so the main stream's choices stay put) -------

    /** A refund or consumption whose last answer was a 503: the client still owes a retry with the same key. */
    private record OwnershipCall(String user, String path, String body) {
    }

    private Random ownRandom;
    private final Map<String, OwnershipCall> unfinishedOwnership = new LinkedHashMap<>();
    /** Purchases refunded (answered 200), by user: purchase id → price credited back. */
    private final Map<String, Map<String, Long>> refunded = new HashMap<>();
    private int ownershipKeys;

    /** With some probability, one ownership operation; returns the user it touched. */
    private String ownershipStep() {
        int roll = ownRandom.nextInt(100);
        if (roll < 12) {
            return consume();
        } else if (roll < 20) {
            return refundPurchase();
        } else if (roll < 24) {
            String user = users.get(ownRandom.nextInt(users.size()));
            Response r = ownRandom.nextBoolean() ? LambdaApi.as(user).get("/entitlements")
                    : LambdaApi.as(user).get("/purchases", Map.of("limit", "5"));
            assertEquals(200, r.status(), context("ownership read answered " + r.status() + ": " + r.body()));
            stats.add("ownership.reads");
            return user;
        } else if (roll < 26 && !unfinishedOwnership.isEmpty()) {
            String key = unfinishedOwnership.keySet().iterator().next();
            stats.add("ownership.lateRetries");
            return sendOwnership(key, true);
        }
        return null;
    }

    private String consume() {
        String user = users.get(ownRandom.nextInt(users.size()));
        List<Sku> consumables = skus.stream().filter(s -> "CONSUMABLE".equals(s.grants())).toList();
        Sku sku = consumables.get(ownRandom.nextInt(consumables.size()));
        String key = "own-" + seed + "-" + ownershipKeys++;
        unfinishedOwnership.put(key, new OwnershipCall(user, "/entitlements/" + sku.id() + "/consume",
                "{\"quantity\":" + (1 + ownRandom.nextInt(3)) + "}"));
        return sendOwnership(key, true);
    }

    private String refundPurchase() {
        String user = users.get(ownRandom.nextInt(users.size()));
        List<String> ids = new ArrayList<>(new java.util.TreeSet<>(purchases.get(user).keySet()));
        if (ids.isEmpty()) {
            return null;
        }
        String id = ids.get(ownRandom.nextInt(ids.size()));
        String key = "own-" + seed + "-" + ownershipKeys++;
        unfinishedOwnership.put(key, new OwnershipCall(user, "/purchases/" + id + "/refund", null));
        return sendOwnership(key, true);
    }

    /** Sends (and retries 503s of) the ownership call under {@code key}; checks the answer against the model. */
    private String sendOwnership(String key, boolean withFaults) {
        OwnershipCall call = unfinishedOwnership.get(key);
        Response r = null;
        for (int attempt = 1; attempt <= CLIENT_ATTEMPTS; attempt++) {
            if (withFaults) {
                armFaults(false, ownRandom);
            }
            r = LambdaApi.as(call.user()).post(call.path(), call.body(), Map.of("Idempotency-Key", key));
            DynamoFaults.disarm();
            stats.add("http.requests");
            if (r.status() < 500) {
                break;
            }
            assertEquals(503, r.status(), context(call.path() + " answered " + r.status() + ": " + r.body()));
            assertTrue(r.header("retry-after") != null, context("503 without Retry-After: " + r.body()));
        }
        if (r.status() >= 500) {
            stats.add("ownership.503");
            return call.user();
        }
        unfinishedOwnership.remove(key);
        LogSecretScan.scanBody(r.body());
        String slug = r.status() == 200 ? "ok" : r.json().getString("type").substring("https://coinslot.dev/problems/".length());
        boolean refund = call.body() == null;
        if (refund) {
            String id = call.path().substring("/purchases/".length(), call.path().length() - "/refund".length());
            switch (r.status() + " " + slug) {
                case "200 ok" -> {
                    sameAsFirst(key, r);
                    // promotional credits whose lot expired since the purchase (bonuses after 3 h, cashback after a day in
                    // this profile) are not returned
                    assertEquals(purchases.get(call.user()).get(id),
                            r.json().getLong("returnedCredits") + r.json().getLong("notReturnedCredits"), context("refund of " + id));
                    // what the answer says it took back: checked against the ledger's takebacks at the end
                    long takenBack = r.json().getLong("takenBackCredits");
                    assertTrue(takenBack >= 0, context("takenBack " + takenBack + " of " + id));
                    takenBackAnswered.putIfAbsent(id, takenBack);
                    if (r.json().getLong("notReturnedCredits") > 0) {
                        stats.add("refund.partlyExpired");
                    }
                    Long before = refunded.computeIfAbsent(call.user(), u -> new HashMap<>()).putIfAbsent(id,
                            r.json().getLong("returnedCredits"));
                    assertTrue(before == null || "true".equals(r.header("idempotent-replayed")),
                            context("purchase " + id + " refunded twice"));
                }
                case "409 already-refunded" -> assertTrue(refunded.getOrDefault(call.user(), Map.of()).containsKey(id),
                        context("already-refunded for a purchase the model has not seen refunded: " + id));
                case "409 already-used", "409 refund-window-closed", "429 refund-limit-reached" -> {
                    // decided on the stored entitlements and refund log; the invariants check the table after the step
                }
                default -> fail(context("refund " + key + " answered " + r.status() + ": " + r.body()));
            }
            stats.add("refund." + r.status() + (r.status() == 200 ? "" : "." + slug));
        } else {
            switch (r.status() + " " + slug) {
                case "200 ok" -> sameAsFirst(key, r);
                case "404 not-entitled", "409 insufficient-quantity" -> {
                }
                default -> fail(context("consume " + key + " answered " + r.status() + ": " + r.body()));
            }
            stats.add("consume." + r.status());
        }
        return call.user();
    }

    // ---- faults and client retries -----------------------------------------------------------------------------

    private interface Call {
        Response send();
    }

    /** Sends, and like a well-behaved client retries 5xx answers with the same request (and key) a few times. */
    private Response withClientRetries(String what, boolean withFaults, Call call) {
        Response r = null;
        for (int attempt = 1; attempt <= CLIENT_ATTEMPTS; attempt++) {
            if (withFaults) {
                armFaults(false);
            }
            r = call.send();
            DynamoFaults.disarm();
            stats.add("http.requests");
            if (r.status() >= 400) {
                LogSecretScan.scanBody(r.body());
            }
            if (r.status() < 500) {
                return r;
            }
            stats.add("http.5xx");
            assertEquals(503, r.status(), context(what + " answered " + r.status() + ": " + r.body()));
            assertProblem(r);
            assertTrue(r.header("retry-after") != null, context("503 without Retry-After: " + r.body()));
        }
        return r;
    }

    /** With some probability, the 1st to 4th DynamoDB request of the next call fails in a random way. */
    private void armFaults(boolean webhook) {
        armFaults(webhook, random);
    }

    private static void armFaults(boolean webhook, Random dice) {
        if (dice.nextInt(100) < (webhook ? 25 : 20)) {
            DynamoFaults.Mode[] modes = DynamoFaults.Mode.values();
            DynamoFaults.armNth(1 + dice.nextInt(4), modes[dice.nextInt(modes.length)]);
        }
    }

    private void armStripeFault(String path) {
        int roll = random.nextInt(100);
        if (roll < 6) {
            stripe.failNext("POST", path, 2, 500, "api_error");
            stripe.failNext("GET", path, 2, 500, "api_error");
            stats.add("stripe.faults.5xx");
        } else if (roll < 10) {
            stripe.failAfterCommitNext("POST", path, 500);
            stats.add("stripe.faults.lostResponse");
        } else if (roll < 13) {
            stripe.dropConnectionNext("POST", path);
            stats.add("stripe.faults.dropped");
        } else if (roll < 15) {
            stripe.delayNext("POST", path, 300);
            stats.add("stripe.faults.slow");
        } else if (roll < 16) {
            stripe.delayNext("POST", path, 1_300);
            stats.add("stripe.faults.timeout");
        }
    }

    // ---- the end: finish every retry, sweep, deliver everything, compare with the model ---------------------

    private void settle() {
        DynamoFaults.disarm();
        stripe.clearFaults();
        for (String key : List.copyOf(unfinished)) {
            if (checkouts.containsKey(key)) {
                sendCheckout(key, false);
            } else {
                sendTopUp(key, false);
            }
        }
        assertTrue(unfinished.isEmpty(), context("requests still failing without faults: " + unfinished));
        for (java.util.function.Supplier<String> retry : List.copyOf(unfinishedRewards.values())) {
            retry.get();
        }
        assertTrue(unfinishedRewards.isEmpty(), context("rewards still failing without faults: " + unfinishedRewards.keySet()));
        for (String key : List.copyOf(unfinishedOwnership.keySet())) {
            sendOwnership(key, false);
        }
        assertTrue(unfinishedOwnership.isEmpty(), context("ownership calls still failing without faults: " + unfinishedOwnership));
        for (Payment p : payments.values()) {
            if (p.disputeId != null && p.disputeWon == null) {
                closeDispute(p);
            }
        }
        for (int round = 0; round < 2; round++) {
            sweep(false);
            for (int pass = 0; pass < 6 && !outbox.isEmpty(); pass++) {
                for (Pending event : List.copyOf(outbox)) {
                    if (accepted(StripeEvents.deliver(event.body()))) {
                        outbox.remove(event);
                    }
                }
            }
        }
        assertTrue(outbox.isEmpty(), context(outbox.size() + " events still deferred after settling"));
        for (Foreign event : List.copyOf(foreignOutbox)) {
            assertTrue(deliverForeign(event), context("foreign event deferred without faults: " + event.body().length()));
        }
        foreignOutbox.clear();
    }

    private void verifyFinalState() {
        for (String user : users) {
            WalletInvariants.Audit audit = WalletInvariants.assertMoneyInvariants(user);
            Map<String, Long> credited = new HashMap<>();
            long expected = grants.get(user);
            for (Payment p : payments.values()) {
                if (p.user.equals(user) && p.paid) {
                    credited.put(p.topUpId, p.pack.credits());
                    expected += p.pack.credits() - p.expectedClawback();
                    assertEquals(p.expectedClawback(), audit.clawedBackByTopUp().get(p.topUpId),
                            context("clawed back for " + p.topUpId + " (refunded " + p.refunded + ", dispute won " + p.disputeWon + ")"));
                }
            }
            assertEquals(credited, audit.creditedByTopUp(), context("each paid PaymentIntent credited exactly once, " + user));
            Set<String> foreignCredited = new LinkedHashSet<>(audit.creditedByTopUp().keySet());
            foreignCredited.retainAll(foreignTopUps);
            assertEquals(Set.of(), foreignCredited, context("foreign or forged payments credited to " + user));
            assertEquals(purchases.get(user), audit.purchases(), context("purchases answered 201 vs stored, " + user));
            expected -= purchases.get(user).values().stream().mapToLong(Long::longValue).sum();
            long rewarded = rewards.get(user).values().stream().mapToLong(Long::longValue).sum();
            expected += rewarded;
            assertEquals(rewarded, audit.rewarded(), context("rewards answered vs rewards in the ledger, " + user));
            stats.counts.merge("credits.rewarded", rewarded, Long::sum);
            expected += refunded.getOrDefault(user, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            // a refund takes back the cashback its purchase answered, exactly, and at most the card's reward for its stamp
            for (Map.Entry<String, Long> t : audit.takenBack().entrySet()) {
                String[] parts = t.getKey().split(":");
                assertTrue(refunded.getOrDefault(user, Map.of()).containsKey(parts[1]),
                        context("takeback " + t.getKey() + " of a purchase not refunded, " + user));
                if (parts[2].equals("cashback")) {
                    assertEquals(cashbackByPurchase.get(parts[1]), t.getValue(), context("cashback taken back " + t.getKey()));
                } else {
                    assertEquals("stamp-regular", parts[2], context("only cashback and stamps are taken back: " + t.getKey()));
                    assertEquals(15L, t.getValue(), context("the stamp card's reward taken back " + t.getKey()));
                }
                stats.counts.merge("credits.takenBack", t.getValue(), Long::sum);
            }
            for (String id : refunded.getOrDefault(user, Map.of()).keySet()) {
                long inLedger = audit.takenBack().entrySet().stream().filter(t -> t.getKey().startsWith("takeback:" + id + ":"))
                        .mapToLong(Map.Entry::getValue).sum();
                assertEquals(takenBackAnswered.get(id), inLedger, context("takenBackCredits answered vs the ledger, " + id));
                if (cashbackByPurchase.getOrDefault(id, 0L) > 0) {
                    assertTrue(audit.takenBack().containsKey("takeback:" + id + ":cashback"),
                            context("refunded purchase " + id + " kept its cashback, " + user));
                }
            }
            expected -= audit.takenBack().values().stream().mapToLong(Long::longValue).sum();
            WalletInvariants.assertOwnershipInvariants(user);
            // only promotional credits expire: never more than the bonuses and rewards credited (funded grants never do)
            long bonuses = payments.values().stream().filter(p -> p.user.equals(user) && p.paid).mapToLong(p -> p.pack.bonus())
                    .sum() + rewarded;
            assertTrue(audit.expired() <= bonuses, context("expired " + audit.expired() + " > bonuses " + bonuses + ", " + user));
            expected -= audit.expired();
            stats.counts.merge("credits.expired", audit.expired(), Long::sum);
            audit.recognizedMinor().forEach((currency, minor) -> stats.counts.merge("revenue.recognizedMinor." + currency, minor,
                    Long::sum));
            assertEquals(expected, audit.balance(), context("final balance of " + user));
            assertEquals("ACTIVE", audit.status(), context("every dispute closed, wallet " + user));
            store.assertInvariants(user, true);
        }
        // clock hours of the application's (shifted) clock the run went through
        long hours = ChronoUnit.HOURS.between(startedAt.truncatedTo(ChronoUnit.HOURS),
                ShiftedClock.now().truncatedTo(ChronoUnit.HOURS)) + 1;
        for (String user : users) {
            // PaymentIntents Coinslot created for the user (the foreign and forged ones this run planted are not)
            long created = stripe.paymentIntents().stream()
                    .filter(pi -> pi.get("metadata") instanceof Map<?, ?> m && user.equals(m.get("coinslot_user"))
                            && !foreignTopUps.contains(m.get("coinslot_topup_id")))
                    .count();
            assertTrue(created <= TOP_UPS_PER_HOUR * hours, context(user + " got " + created
                    + " PaymentIntents in " + hours + " clock hour(s), above " + TOP_UPS_PER_HOUR + " per hour"));
        }
        stats.counts.put("wallets", (long) users.size());
        stats.counts.put("paymentIntents", (long) payments.size());
        stats.counts.put("paymentIntents.paid", payments.values().stream().filter(p -> p.paid).count());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void sameAsFirst(String key, Response r) {
        String first = firstAnswer.putIfAbsent(key, r.body());
        if (first != null) {
            assertEquals(first, r.body(), context("replay of " + key + " differs"));
            assertEquals("true", r.header("idempotent-replayed"), context("replay of " + key + " not marked"));
        }
    }

    private static void assertProblem(Response r) {
        assertTrue(r.contentType().startsWith("application/problem+json"), "not a problem: " + r.contentType() + " " + r.body());
    }

    private Payment pickPayment(java.util.function.Predicate<Payment> filter) {
        List<Payment> candidates = payments.values().stream().filter(filter).toList();
        return candidates.isEmpty() ? null : pick(candidates);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private String context(String message) {
        return message + " [seed " + seed + ", reproduce: ./mvnw -B -ntp test -Dtest=WalletSimulationTest -Dsim.seed=" + seed
                + " -Dsim.seeds=1 -Dsim.ops=" + operations + "]";
    }
}

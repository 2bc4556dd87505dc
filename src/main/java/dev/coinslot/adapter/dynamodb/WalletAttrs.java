package dev.coinslot.adapter.dynamodb;

/**
 * Attribute names on the wallet item beyond balance/status/version: spending limits, the spend tally the checkout
 * transaction maintains, the auto top-up setting and counters, and the saved card.
 */
final class WalletAttrs {

    /** The wallet's lots in {@link LotsCodec}'s form; absent on items written before lots (one legacy lot then). */
    static final String LOTS = "lots";

    static final String LIMIT_PER_PURCHASE = "limitPerPurchase";
    static final String LIMIT_DAILY = "limitDaily";
    static final String LIMIT_MONTHLY = "limitMonthly";
    /** Who set the limits: {@link #BY_OWNER} or {@link #BY_GUARDIAN} (then the owner cannot change them). */
    static final String LIMITS_BY = "limitsBy";
    static final String BY_OWNER = "OWNER";
    static final String BY_GUARDIAN = "GUARDIAN";

    /** The linked guardian's {@code sub}, set when a guardian accepts the owner's invitation; only they may set limits. */
    static final String GUARDIAN_ID = "guardianId";
    static final String GUARDIAN_SINCE = "guardianSince";
    /** SHA-256 of the owner's one pending invitation code; a new invitation replaces it, acceptance removes it. */
    static final String PENDING_INVITE = "pendingInvite";
    /** The guardian who last unlinked, so that their retried unlink answers the same. */
    static final String UNLINKED_BY = "guardianUnlinkedBy";

    static final String SPENT_DAY_KEY = "spentDayKey";
    static final String SPENT_DAY = "spentDay";
    static final String SPENT_MONTH_KEY = "spentMonthKey";
    static final String SPENT_MONTH = "spentMonth";

    /** Storefront activity ({@code StoreActivity}), written by the checkout transaction only. */
    static final String STORE_PURCHASES = "storePurchases";
    /** Credits spent per UTC day, newest first ({@link #STORE_SPEND_TO}, then one day back per element), 30 days at most. */
    static final String STORE_SPEND = "storeSpend";
    /** The newest day of {@link #STORE_SPEND} (ISO date). */
    static final String STORE_SPEND_TO = "storeSpendTo";
    /** Map of offer id to units bought at that offer's price (per-user limits; never lowered). */
    static final String OFFER_USES = "offerUses";

    static final String AUTO_ENABLED = "autoEnabled";
    static final String AUTO_PACK = "autoPackId";
    static final String AUTO_CAP = "autoCapMinor";
    static final String AUTO_CAP_CURRENCY = "autoCapCurrency";
    static final String AUTO_MONTH = "autoMonth";
    static final String AUTO_CHARGED = "autoChargedMinor";
    static final String AUTO_FAILURES = "autoFailures";
    static final String AUTO_DISABLED_REASON = "autoDisabledReason";

    static final String CUSTOMER = "stripeCustomerId";
    static final String PAYMENT_METHOD = "savedPaymentMethod";

    private WalletAttrs() {
    }
}

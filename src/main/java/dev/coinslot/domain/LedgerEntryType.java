package dev.coinslot.domain;

/**
 * Why a wallet's balance changed. Purchases, clawbacks and expiries are negative; top-ups and grants are positive.
 * {@link #EXPIRY}: promotional credits that lapsed. The loyalty program's rewards (promotional credits) have their own
 * types: {@link #CASHBACK}, {@link #STREAK_REWARD}, {@link #STAMP_REWARD}, {@link #DAILY_REWARD}, {@link #EARNED}.
 */
public enum LedgerEntryType {
    PURCHASE, TOP_UP, REFUND_CLAWBACK, DISPUTE_CLAWBACK, GRANT, EXPIRY, CASHBACK, STREAK_REWARD, STAMP_REWARD, DAILY_REWARD,
    EARNED
}

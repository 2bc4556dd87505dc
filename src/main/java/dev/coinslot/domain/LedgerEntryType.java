package dev.coinslot.domain;

/**
 * Why a wallet's balance changed. Purchases, clawbacks and expiries are negative; top-ups, grants and purchase refunds
 * are positive. {@link #EXPIRY}: promotional credits that lapsed; {@link #PURCHASE_REFUND}: a purchase refunded by its
 * buyer, its credits back to the lots that paid for it. The loyalty program's rewards (promotional credits) have their
 * own types: {@link #CASHBACK}, {@link #STREAK_REWARD}, {@link #STAMP_REWARD}, {@link #DAILY_REWARD}, {@link #EARNED};
 * {@link #REWARD_TAKEBACK}: the cashback and stamp card rewards a refunded purchase earned, taken back.
 */
public enum LedgerEntryType {
    PURCHASE, TOP_UP, REFUND_CLAWBACK, DISPUTE_CLAWBACK, GRANT, EXPIRY, PURCHASE_REFUND, CASHBACK, STREAK_REWARD,
    STAMP_REWARD, DAILY_REWARD, EARNED, REWARD_TAKEBACK
}

package dev.coinslot.domain.loyalty;

/**
 * Why promotional credits were given by the loyalty program; each is its own ledger type. {@link #CASHBACK}: a share of
 * a purchase; {@link #STREAK_REWARD}: a streak milestone reached; {@link #STAMP_REWARD}: a stamp card completed;
 * {@link #DAILY_REWARD}: the once-per-UTC-day claim; {@link #EARNED}: credits granted by the operator's own services
 * (earn-or-buy).
 */
public enum RewardType {
    CASHBACK, STREAK_REWARD, STAMP_REWARD, DAILY_REWARD, EARNED
}

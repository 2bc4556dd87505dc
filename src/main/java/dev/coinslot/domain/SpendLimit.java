package dev.coinslot.domain;

/** Which spending limit a purchase would cross. Daily and monthly windows are UTC calendar days and months. */
public enum SpendLimit {
    PER_PURCHASE,
    DAILY,
    MONTHLY
}

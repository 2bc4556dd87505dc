package dev.coinslot.domain;

/** ACTIVE wallets can spend; FROZEN ones (e.g. during a card dispute) cannot. */
public enum WalletStatus {
    ACTIVE, FROZEN
}

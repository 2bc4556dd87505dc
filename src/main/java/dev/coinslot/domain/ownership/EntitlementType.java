package dev.coinslot.domain.ownership;

/** The kind of a user's right to a catalog item; see {@link Grant}. */
public enum EntitlementType {
    PERMANENT, PASS, CONSUMABLE
}

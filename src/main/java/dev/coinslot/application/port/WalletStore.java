package dev.coinslot.application.port;

import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import java.time.LocalDate;
import dev.coinslot.domain.ownership.Entitlement;
import dev.coinslot.domain.ownership.EntitlementChange;
import java.util.List;
import java.util.Optional;

/**
 * Durable wallet state: wallets, their append-only ledgers, purchases and idempotency records. Every method that
 * changes a balance writes the wallet and its ledger entry atomically, conditioned on the wallet version the caller
 * read, so concurrent writers can never both succeed against the same version. Infrastructure failures surface as
 * {@link StoreUnavailableException}; expected conflicts come back as values.
 */
public interface WalletStore {

    /** The wallet as last written (strongly consistent), or empty if nothing was ever credited to it. */
    Optional<Wallet> findWallet(String ownerId);

    /**
     * Atomically: move the wallet from {@code change.before()} to {@code change.after()} (debit, lots, spend tally; only
     * if the stored wallet still has {@code change.before().version()}, is ACTIVE, can afford it and stays within the
     * spending limits stored at that moment), append the change's entries (an expiry entry first, if any) where the
     * purchase's own entry also records {@code purchase}, and store {@code record} (only if no record exists for that key).
     */
    default PurchaseWrite commitPurchase(WalletChange change, Purchase purchase, CheckoutIdempotency record) {
        return commitPurchase(change, purchase, record, List.of());
    }

    /**
     * As {@link #commitPurchase(WalletChange, Purchase, CheckoutIdempotency)}, and in the same transaction each of
     * {@code entitlements} (what the purchase grants), each only if its own condition holds; when one does not,
     * nothing is written and the answer is {@link PurchaseWrite.EntitlementChanged} with the stored entitlement.
     */
    default PurchaseWrite commitPurchase(WalletChange change, Purchase purchase, CheckoutIdempotency record,
            List<EntitlementChange> entitlements) {
        return commitPurchase(change, purchase, record, entitlements, Optional.empty());
    }

    /**
     * As {@link #commitPurchase(WalletChange, Purchase, CheckoutIdempotency, List)}, and, for a purchase priced by a
     * running experiment's variant, its conversion in the same transaction: the buyer's exposure to the experiment
     * (recorded if the storefront never showed the price) gains one purchase and the purchase's total. Counted exactly
     * when the purchase commits, and in the checkout's one request.
     */
    PurchaseWrite commitPurchase(WalletChange change, Purchase purchase, CheckoutIdempotency record,
            List<EntitlementChange> entitlements, Optional<Conversion> conversion);

    /** A purchase priced by {@code variant} of the running experiment {@code experimentId}. */
    record Conversion(String experimentId, String variant) {
    }

    /** The checkout idempotency record stored for this user's key, if any (strongly consistent). */
    Optional<CheckoutIdempotency> findCheckoutIdempotency(String ownerId, String key);

    /**
     * Atomically applies {@code change} (a credit such as a grant, or an expiry) to the wallet that currently has
     * {@code change.before().version()}, creating the wallet when that version is 0, and appends its entries.
     */
    LedgerWrite appendEntry(WalletChange change);

    /**
     * Sets the wallet's spending limits. The owner ({@code guardianId} empty) is refused while the stored limits are
     * guardian-managed, and creates the wallet if needed. A guardian may set them, managed or not, only on a wallet
     * that records that guardian as linked (checked by the write's own condition); otherwise nothing is written.
     */
    LimitsWrite setLimits(String ownerId, SpendLimits limits, Optional<String> guardianId);

    /**
     * Switches auto top-up on (only if a card is saved; resets the failure count) or off. The monthly charge counters are
     * kept either way.
     */
    AutoTopUpWrite setAutoTopUp(String ownerId, boolean enabled, String packId, Money monthlyCap);

    /**
     * The wallets that came to hold promotional credits expiring on UTC {@code day} and that the expiry sweep has not
     * marked done for that day (strongly consistent).
     */
    List<String> walletsExpiringOn(LocalDate day);

    /** Marks the wallet done for the expiry sweep of {@code day}. */
    void markExpirySwept(LocalDate day, String ownerId);

    /** Ledger entries newest first, starting below {@code beforeSequence} (or at the newest when empty). */
    LedgerPage ledger(String ownerId, int limit, Optional<Long> beforeSequence);

    /** One page of ledger entries; {@code nextBefore} is present when older entries remain. */
    record LedgerPage(List<LedgerEntry> entries, Optional<Long> nextBefore) {
    }

    /** Result of {@link #commitPurchase}. */
    sealed interface PurchaseWrite {
        record Committed() implements PurchaseWrite {
        }

        /** An idempotency record already exists for the key; nothing was written. */
        record KeyExists(CheckoutIdempotency existing) implements PurchaseWrite {
        }

        /** The wallet is not at the expected version (or is frozen / short); nothing was written. */
        record WalletChanged(Optional<Wallet> current) implements PurchaseWrite {
        }

        /** Another transaction was touching the same items at that moment; nothing was written. */
        record Contention() implements PurchaseWrite {
        }

        /**
         * An entitlement was not in the state the purchase was decided on (e.g. the permanent unlock is owned, the pass
         * has another end); nothing was written. {@code current} is the stored entitlement.
         */
        record EntitlementChanged(Entitlement current) implements PurchaseWrite {
        }
    }

    sealed interface LimitsWrite {
        record Updated() implements LimitsWrite {
        }

        /** A guardian manages this wallet's limits; the owner's change was refused and nothing was written. */
        record ManagedByGuardian() implements LimitsWrite {
        }

        /** The caller is not the wallet's linked guardian (or there is no such wallet); nothing was written. */
        record NotGuardian() implements LimitsWrite {
        }
    }

    sealed interface AutoTopUpWrite {
        record Updated() implements AutoTopUpWrite {
        }

        /** No card is saved on the wallet yet (a top-up saves one); nothing was written. */
        record NoSavedCard() implements AutoTopUpWrite {
        }
    }

    /** Result of {@link #appendEntry}. */
    sealed interface LedgerWrite {
        record Committed() implements LedgerWrite {
        }

        record WalletChanged(Optional<Wallet> current) implements LedgerWrite {
        }

        record Contention() implements LedgerWrite {
        }
    }
}

package dev.coinslot.application.wallet;

import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.WalletStore;
import dev.coinslot.application.port.WalletStore.AutoTopUpWrite;
import dev.coinslot.application.port.WalletStore.LimitsWrite;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.Money;
import dev.coinslot.domain.SpendLimits;
import dev.coinslot.domain.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The wallet owner's (and a guardian's) settings: spending limits and auto top-up. Each change is one write. */
@ApplicationScoped
public class WalletSettings {

    private static final Logger LOG = Logger.getLogger(WalletSettings.class);

    private final WalletStore store;
    private final WalletSnapshots snapshots;
    private final CreditPacks packs;
    private final PaymentGateway payments;
    private final long maxMonthlyCapMinor;

    public WalletSettings(WalletStore store, WalletSnapshots snapshots, CreditPacks packs, PaymentGateway payments,
            ServiceSettings settings) {
        this.store = store;
        this.snapshots = snapshots;
        this.packs = packs;
        this.payments = payments;
        this.maxMonthlyCapMinor = settings.maxMonthlyCapMinor();
    }

    public sealed interface Outcome {
        record Updated(Wallet wallet) implements Outcome {
        }

        record LimitsManagedByGuardian() implements Outcome {
        }

        /** The caller is not the wallet's linked guardian, or there is no such wallet: the same answer for both. */
        record NotGuardian() implements Outcome {
        }

        record NoSavedCard() implements Outcome {
        }

        record UnknownPack(String packId) implements Outcome {
        }

        /** The cap must admit at least one charge of the pack, and stay within the deployment's maximum. */
        record CapOutOfRange(Money packPrice, Money max) implements Outcome {
        }

        record PaymentsNotConfigured() implements Outcome {
        }
    }

    /** The owner's ({@code guardianId} empty) or the linked guardian's change of {@code ownerId}'s limits. */
    public Outcome setLimits(String ownerId, SpendLimits limits, Optional<String> guardianId) {
        return switch (store.setLimits(ownerId, limits, guardianId)) {
            case LimitsWrite.Updated u -> {
                LOG.infof("limits wallet=%s by=%s perPurchase=%s daily=%s monthly=%s managed=%s", ownerId,
                        guardianId.isPresent() ? "guardian" : "owner", limits.perPurchase().orElse(null), limits.daily().orElse(null),
                        limits.monthly().orElse(null), limits.guardianManaged());
                yield updated(ownerId);
            }
            case LimitsWrite.ManagedByGuardian m -> new Outcome.LimitsManagedByGuardian();
            case LimitsWrite.NotGuardian n -> new Outcome.NotGuardian();
        };
    }

    /** Switches auto top-up on with {@code packId} and {@code monthlyCapMinor}, or off (keeping the last settings). */
    public Outcome setAutoTopUp(String ownerId, boolean enabled, Optional<String> packId, Optional<Long> monthlyCapMinor) {
        String pack;
        Money cap;
        if (enabled) {
            Optional<CreditPack> found = packId.flatMap(packs::find);
            if (found.isEmpty()) {
                return new Outcome.UnknownPack(packId.orElse(""));
            }
            Money max = Money.of(maxMonthlyCapMinor, packs.currency());
            long capMinor = monthlyCapMinor.orElse(-1L);
            if (capMinor < found.get().price().amountMinor() || capMinor > maxMonthlyCapMinor) {
                return new Outcome.CapOutOfRange(found.get().price(), max);
            }
            if (!payments.configured()) {
                return new Outcome.PaymentsNotConfigured();
            }
            pack = found.get().id();
            cap = Money.of(capMinor, packs.currency());
        } else {
            Optional<AutoTopUp> current = store.findWallet(ownerId).flatMap(Wallet::autoTopUp);
            if (current.isEmpty()) {
                return updated(ownerId);
            }
            pack = current.get().packId();
            cap = current.get().monthlyCap();
        }
        return switch (store.setAutoTopUp(ownerId, enabled, pack, cap)) {
            case AutoTopUpWrite.Updated u -> {
                LOG.infof("autoTopUp wallet=%s enabled=%s pack=%s capMinor=%d", ownerId, enabled, pack, cap.amountMinor());
                yield updated(ownerId);
            }
            case AutoTopUpWrite.NoSavedCard n -> new Outcome.NoSavedCard();
        };
    }

    private Outcome updated(String ownerId) {
        Wallet wallet = store.findWallet(ownerId).orElseGet(() -> Wallet.empty(ownerId));
        snapshots.remember(wallet);
        return new Outcome.Updated(wallet);
    }
}

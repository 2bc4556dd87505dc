package dev.coinslot.support.fakes;

import dev.coinslot.application.port.AutoTopUpStore;
import dev.coinslot.application.port.ReconciliationStore.PaymentRef;
import dev.coinslot.domain.AutoTopUp;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpStatus;
import dev.coinslot.domain.Wallet;
import dev.coinslot.support.fakes.InMemoryTable.TopUpItem;
import dev.coinslot.support.fakes.InMemoryTable.WalletItem;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AutoTopUpStore} on the {@link InMemoryTable}, with the conditions of {@code DynamoDbAutoTopUpStore}: the
 * top-up guard first, then the wallet's auto top-up counters as the caller read them. A transaction conflict reads as
 * "wallet changed", as it does there.
 */
public final class InMemoryAutoTopUpStore implements AutoTopUpStore {

    private final InMemoryTable table;

    public InMemoryAutoTopUpStore(InMemoryTable table) {
        this.table = table;
    }

    @Override
    public Reservation reserve(Wallet expected, TopUp topUp, YearMonth month) {
        AutoTopUp auto = expected.autoTopUp().orElseThrow(() -> new IllegalArgumentException("no auto top-up to reserve"));
        return table.call("reserve", Reservation.WalletChanged::new, () -> {
            if (table.topUps.containsKey(InMemoryTable.key(topUp.ownerId(), topUp.id()))) {
                return new Reservation.AlreadyReserved();
            }
            WalletItem wallet = table.wallets.get(expected.ownerId());
            // the version pins the setting and the counters the service checked the cap against
            if (wallet == null || !WalletItem.atVersion(wallet, expected.version())) {
                return new Reservation.WalletChanged();
            }
            table.topUps.put(InMemoryTable.key(topUp.ownerId(), topUp.id()), new TopUpItem(InMemoryTopUpStore.newItem(topUp,
                    topUp.status())));
            table.payments.put(topUp.paymentIntentId(), new PaymentRef(topUp.ownerId(), topUp.id()));
            table.write(expected.ownerId()).autoMonth = month;
            wallet.autoCharged = auto.chargedIn(month) + topUp.amount().amountMinor();
            return new Reservation.Reserved();
        });
    }

    @Override
    public DeclineWrite recordDecline(Wallet expected, TopUp topUp, String declineCode, int maxConsecutiveFailures) {
        return table.call("recordDecline", DeclineWrite.WalletChanged::new, () -> {
            TopUpItem item = table.topUps.get(InMemoryTable.key(topUp.ownerId(), topUp.id()));
            if (item == null || item.declineCounted
                    || item.topUp.status() != TopUpStatus.PENDING && item.topUp.status() != TopUpStatus.FAILED) {
                return new DeclineWrite.AlreadyCounted();
            }
            Optional<AutoTopUp> setting = expected.autoTopUp();
            WalletItem wallet = table.wallets.get(expected.ownerId());
            if (setting.isPresent() && (wallet == null || !WalletItem.atVersion(wallet, expected.version()))) {
                return new DeclineWrite.WalletChanged();
            }
            // the amount was reserved in this month's counter: it goes back, and the top-up says so
            boolean release = setting.isPresent()
                    && setting.get().chargedMonth().equals(YearMonth.from(topUp.createdAt().atZone(ZoneOffset.UTC)));
            TopUp t = InMemoryTopUpStore.withStatus(item.topUp, TopUpStatus.FAILED);
            item.topUp = new TopUp(t.id(), t.ownerId(), t.packId(), t.amount(), t.baseCredits(), t.bonusCredits(), t.status(),
                    t.paymentIntentId(), t.createdAt(), t.clawedBack(), t.closedDisputeId(), t.capReleased() || release);
            item.declineCode = declineCode;
            item.declineCounted = true;
            if (setting.isEmpty()) {
                return new DeclineWrite.Counted(false);
            }
            AutoTopUp auto = setting.get();
            int failures = auto.consecutiveFailures() + 1;
            boolean switchOff = auto.enabled() && failures >= maxConsecutiveFailures;
            table.write(expected.ownerId()).autoFailures = failures;
            if (release) {
                wallet.autoCharged = Math.max(0, auto.chargedMinor() - topUp.amount().amountMinor());
            }
            if (switchOff) {
                wallet.autoEnabled = false;
                wallet.autoDisabledReason = failures + " consecutive declined charges";
            }
            return new DeclineWrite.Counted(switchOff);
        });
    }
}

package dev.coinslot.application.topup;

import dev.coinslot.application.Ids;
import dev.coinslot.application.ServiceSettings;
import dev.coinslot.application.port.PaymentGateway;
import dev.coinslot.application.port.PaymentGateway.CardPayment;
import dev.coinslot.application.port.PaymentGateway.PaymentPurpose;
import dev.coinslot.application.port.TopUpIdempotency;
import dev.coinslot.application.port.TopUpStore;
import dev.coinslot.application.port.TopUpStore.TopUpWrite;
import dev.coinslot.domain.CreditPack;
import dev.coinslot.domain.CreditPacks;
import dev.coinslot.domain.DeploymentId;
import dev.coinslot.domain.TopUp;
import dev.coinslot.domain.TopUpOutcome;
import dev.coinslot.domain.TopUpStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts a credit top-up: finds or creates the user's card-processor customer, creates a card payment for the pack,
 * and records the PENDING top-up with its idempotency record. Every identifier sent to the processor is derived from
 * (user, idempotency key), so a retry after any failure re-sends identical, idempotent requests: one customer per user,
 * one payment per key, however the attempts interleave.
 */
@ApplicationScoped
public class TopUpService {

    private static final Logger LOG = Logger.getLogger(TopUpService.class);

    private final CreditPacks packs;
    private final TopUpStore store;
    private final PaymentGateway payments;
    private final Clock clock;
    private final ServiceSettings settings;
    private final DeploymentId deployment;

    public TopUpService(CreditPacks packs, TopUpStore store, PaymentGateway payments, Clock clock, ServiceSettings settings,
            DeploymentId deployment) {
        this.packs = packs;
        this.deployment = deployment;
        this.store = store;
        this.payments = payments;
        this.clock = clock;
        this.settings = settings;
    }

    /** A top-up of {@code packId} in the deployment's default currency. */
    public TopUpOutcome start(String ownerId, String idempotencyKey, String packId) {
        return start(ownerId, idempotencyKey, packId, Optional.empty());
    }

    /** A top-up of {@code packId} priced in {@code currency} (the default currency when empty). */
    public TopUpOutcome start(String ownerId, String idempotencyKey, String packId, Optional<String> currency) {
        String chosen = currency.orElse(packs.currency());
        // the default currency hashes as before currencies existed, so keys from then still replay
        String requestHash = Ids.sha256("topup\n" + packId + (chosen.equals(packs.currency()) ? "" : "\n" + chosen));
        Optional<TopUpIdempotency> earlier = store.findTopUpIdempotency(ownerId, idempotencyKey);
        if (earlier.isPresent()) {
            return replay(earlier.get(), requestHash);
        }
        if (!packs.currencies().contains(chosen)) {
            return new TopUpOutcome.UnsupportedCurrency(chosen, packs.currencies());
        }
        Optional<CreditPack> found = packs.find(packId).flatMap(p -> p.in(chosen));
        if (found.isEmpty()) {
            return new TopUpOutcome.UnknownPack(packId);
        }
        if (!payments.configured()) {
            return new TopUpOutcome.PaymentsNotConfigured();
        }
        CreditPack pack = found.get();
        String topUpId = topUpId(ownerId, idempotencyKey);
        Optional<TopUp> withoutRecord = store.findTopUp(ownerId, topUpId);
        if (withoutRecord.isPresent()) {
            return topUpWithoutRecord(withoutRecord.get(), pack);
        }
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        int maxPerHour = settings.maxTopUpsPerHour();
        if (!store.takeHourlyTopUpSlot(ownerId, topUpId, hour, maxPerHour)) {
            // Checked before any card-processor call: card testing through top-ups is bounded per user and hour.
            Instant resetsAt = hour.plus(1, ChronoUnit.HOURS);
            long retryAfter = Math.max(1, (Duration.between(clock.instant(), resetsAt).toMillis() + 999) / 1000);
            LOG.infof("topup wallet=%s topup=%s pack=%s outcome=too-many-top-ups maxPerHour=%d", ownerId, topUpId, pack.id(),
                    maxPerHour);
            return new TopUpOutcome.TooManyTopUps(maxPerHour, resetsAt, retryAfter);
        }
        String customerId = store.findPaymentCustomer(ownerId).orElseGet(() -> store.linkPaymentCustomer(ownerId,
                payments.createCustomer(ownerId, "coinslot-customer-" + Ids.sha256("customer\n" + ownerId).substring(0, 40))));
        CardPayment payment = payments.createPayment(pack.price(), customerId, new PaymentPurpose(deployment, ownerId, topUpId, pack),
                "coinslot-topup-" + topUpId);
        Instant now = clock.instant();
        TopUp topUp = new TopUp(topUpId, ownerId, pack.id(), pack.price(), pack.baseCredits(), pack.bonusCredits(),
                TopUpStatus.PENDING, payment.id(), now);
        TopUpIdempotency record = new TopUpIdempotency(ownerId, idempotencyKey, requestHash, topUpId, payment.id(),
                now.plus(settings.idempotencyTtl()));
        TopUpWrite write = store.recordTopUp(topUp, record);
        return switch (write) {
            case TopUpWrite.Committed c -> {
                LOG.infof("topup wallet=%s topup=%s pack=%s amountMinor=%d currency=%s payment=%s outcome=started", ownerId,
                        topUpId, pack.id(), pack.price().amountMinor(), pack.price().currency(), payment.id());
                yield new TopUpOutcome.Started(topUp, payment.clientSecret(), false);
            }
            case TopUpWrite.KeyExists k -> replay(k.existing(), requestHash);
        };
    }

    /**
     * The key's top-up exists but its idempotency record does not. Within the key's lifetime (the idempotency TTL from
     * the top-up's creation) this is the identical request retried after its record write was lost (nothing applied)
     * while the webhook wrote the top-up from the payment's metadata: it answers that top-up. Otherwise (another pack,
     * or the record expired and the key is reused) it is refused like any other reuse: a new payment under this key
     * would map onto that top-up and could never be credited.
     */
    private TopUpOutcome topUpWithoutRecord(TopUp existing, CreditPack pack) {
        boolean identical = existing.packId().equals(pack.id()) && existing.amount().currency().equals(pack.price().currency());
        boolean keyAlive = clock.instant().isBefore(existing.createdAt().plus(settings.idempotencyTtl()));
        if (!identical || !keyAlive) {
            return new TopUpOutcome.IdempotencyKeyReused();
        }
        CardPayment payment = payments.retrievePayment(existing.paymentIntentId());
        LOG.infof("topup wallet=%s topup=%s pack=%s payment=%s status=%s outcome=replayed reason=\"no record, top-up exists\"",
                existing.ownerId(), existing.id(), pack.id(), existing.paymentIntentId(), existing.status());
        return new TopUpOutcome.Started(existing, payment.clientSecret(), true);
    }

    public Optional<TopUp> find(String ownerId, String topUpId) {
        return store.findTopUp(ownerId, topUpId);
    }

    private TopUpOutcome replay(TopUpIdempotency earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            return new TopUpOutcome.IdempotencyKeyReused();
        }
        TopUp topUp = store.findTopUp(earlier.ownerId(), earlier.topUpId())
                .orElseThrow(() -> new IllegalStateException("idempotency record without its top-up " + earlier.topUpId()));
        CardPayment payment = payments.retrievePayment(earlier.paymentIntentId());
        return new TopUpOutcome.Started(topUp, payment.clientSecret(), true);
    }

    /** Deterministic per (user, key): a retried request creates nothing new at the processor. */
    static String topUpId(String ownerId, String idempotencyKey) {
        return "top_" + Ids.sha256("topup-id\n" + ownerId + "\n" + idempotencyKey).substring(0, 24);
    }
}

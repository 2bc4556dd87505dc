package dev.coinslot.adapter.stripe;

import dev.coinslot.application.port.PaymentGateway.PaymentPurpose;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link PaymentPurpose} is written into a PaymentIntent's metadata ({@link StripeEventParser} reads it back).
 * The keys say whose top-up a payment is; what is credited is checked against the stored top-up and the configured pack.
 */
public final class StripeMetadata {

    public static final String USER = "coinslot_user";
    public static final String TOPUP = "coinslot_topup_id";
    public static final String PACK = "coinslot_pack_id";
    public static final String CREDITS = "coinslot_credits";
    public static final String BASE = "coinslot_base_credits";
    public static final String BONUS = "coinslot_bonus_credits";
    /** The {@code DeploymentId} of the deployment that created the payment. */
    public static final String DEPLOYMENT = "coinslot_deployment";

    private StripeMetadata() {
    }

    public static Map<String, String> of(PaymentPurpose purpose) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(DEPLOYMENT, purpose.deployment().value());
        metadata.put(USER, purpose.ownerId());
        metadata.put(TOPUP, purpose.topUpId());
        metadata.put(PACK, purpose.pack().id());
        metadata.put(CREDITS, Long.toString(purpose.pack().totalCredits().amount()));
        metadata.put(BASE, Long.toString(purpose.pack().baseCredits().amount()));
        metadata.put(BONUS, Long.toString(purpose.pack().bonusCredits().amount()));
        return metadata;
    }
}

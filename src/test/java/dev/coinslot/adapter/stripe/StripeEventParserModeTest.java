package dev.coinslot.adapter.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.application.PaymentEvent;
import dev.coinslot.config.StripeCredentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The event's mode is checked against the key the function really holds. In prod that key comes from the function's
 * own Secrets Manager secret, not from configuration: a parser reading only configuration took every deployment for
 * test mode and ignored every live event of a live deployment.
 */
class StripeEventParserModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] refund(boolean livemode) {
        return ("{\"id\":\"evt_mode\",\"object\":\"event\",\"type\":\"charge.refunded\",\"livemode\":" + livemode
                + ",\"data\":{\"object\":{\"object\":\"charge\",\"payment_intent\":\"pi_mode\",\"amount\":1000,"
                + "\"amount_refunded\":500}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static StripeEventParser holding(String key) {
        return new StripeEventParser(JSON, new StripeCredentials(Optional.ofNullable(key), List.of("whsec_x"), "secret"));
    }

    @Test
    void liveRestrictedKeyFromTheSecret_readsLiveEvents_andIgnoresTestOnes() {
        StripeEventParser parser = holding("rk_live_fromTheSecret");
        assertInstanceOf(PaymentEvent.ChargeRefunded.class, parser.parse(refund(true)).orElseThrow());
        assertInstanceOf(PaymentEvent.Ignored.class, parser.parse(refund(false)).orElseThrow());
    }

    @Test
    void testKey_readsTestEvents_andIgnoresLiveOnes() {
        StripeEventParser parser = holding("rk_test_fromTheSecret");
        assertInstanceOf(PaymentEvent.ChargeRefunded.class, parser.parse(refund(false)).orElseThrow());
        assertInstanceOf(PaymentEvent.Ignored.class, parser.parse(refund(true)).orElseThrow());
    }

    @Test
    void noKey_isTestMode() {
        PaymentEvent live = holding(null).parse(refund(true)).orElseThrow();
        assertEquals("charge.refunded", live.type());
        assertInstanceOf(PaymentEvent.Ignored.class, live);
    }
}

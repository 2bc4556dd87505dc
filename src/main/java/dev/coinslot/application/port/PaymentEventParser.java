package dev.coinslot.application.port;

import dev.coinslot.application.PaymentEvent;
import java.util.Optional;

/** Reads an authenticated webhook body into a {@link PaymentEvent}; empty if it is not a well-formed event. */
public interface PaymentEventParser {
    Optional<PaymentEvent> parse(byte[] rawBody);
}

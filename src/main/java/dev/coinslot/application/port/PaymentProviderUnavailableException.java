package dev.coinslot.application.port;

/** The card processor is unreachable, timed out, throttled us or failed (5xx). Retrying later may succeed. */
public class PaymentProviderUnavailableException extends RuntimeException {
    public PaymentProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.coinslot.application.port;

/** The card processor refused our request as malformed or unauthorised: a bug or a misconfiguration, not retryable. */
public class PaymentProviderRejectedException extends RuntimeException {
    public PaymentProviderRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

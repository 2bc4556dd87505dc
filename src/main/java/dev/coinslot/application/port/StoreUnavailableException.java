package dev.coinslot.application.port;

/** The wallet store could not be reached or throttled us; the operation may or may not have applied. Retry. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.kfpoperator.provider.spi;

/**
 * A platform call failed. The subtype tells the provider service which contract status to
 * answer and tells callers whether a retry can help.
 */
public abstract class PlatformException extends RuntimeException {

    protected PlatformException(String message, Throwable cause) {
        super(message, cause);
    }

    /** HTTP status of the provider REST contract for this failure. */
    public abstract int httpStatus();
}

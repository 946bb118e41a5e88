package io.kfpoperator.provider.simulated;

import io.kfpoperator.provider.spi.PlatformUnavailableException;

/**
 * An injected failure after the change was made: the caller sees a 502 while the platform holds
 * the object, as behind a gateway that timed out. Callers that retry a create must find it again
 * rather than make a second one.
 */
public final class AnswerLostException extends PlatformUnavailableException {

    public AnswerLostException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 502;
    }
}

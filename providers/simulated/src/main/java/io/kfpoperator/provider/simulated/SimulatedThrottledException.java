package io.kfpoperator.provider.simulated;

import io.kfpoperator.provider.spi.PlatformException;

/** An injected 429: the platform refused the call for now; nothing changed, a later retry may succeed. */
public final class SimulatedThrottledException extends PlatformException {

    public SimulatedThrottledException(String message) {
        super(message, null);
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}

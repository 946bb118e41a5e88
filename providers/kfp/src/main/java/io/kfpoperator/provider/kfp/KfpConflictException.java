package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.PlatformUnavailableException;

/**
 * KFP answered 409: an object of that name already exists. Every create adopts it by looking it
 * up again; if that lookup still misses it (deleted meanwhile, or not yet listed), the answer is a
 * retryable 500, since the create that runs next looks up the name first and adopts or creates.
 */
final class KfpConflictException extends PlatformUnavailableException {

    KfpConflictException(String message) {
        super(message);
    }
}

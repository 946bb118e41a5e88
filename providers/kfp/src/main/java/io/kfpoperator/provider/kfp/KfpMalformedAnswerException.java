package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.PlatformUnavailableException;

/**
 * KFP answered 2xx with something this client cannot use: a body that is not a JSON object, or
 * one without (or with a wrongly typed) field it depends on. The message names the call and the
 * field. Retryable (500): it is KFP's or a proxy's fault, not the resource's, and a create whose
 * answer was unusable is found by the retry's lookup, as after a lost answer.
 */
final class KfpMalformedAnswerException extends PlatformUnavailableException {

    KfpMalformedAnswerException(String message) {
        super(message);
    }

    KfpMalformedAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}

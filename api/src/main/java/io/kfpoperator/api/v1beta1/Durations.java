package io.kfpoperator.api.v1beta1;

/**
 * The schema of the model's duration strings (spec.timeout, spec.retry.backoff): Go's duration
 * syntax without a sign, so a negative or malformed value is refused by the pattern with its field
 * path, and a CEL rule (safe to evaluate once the pattern holds) refuses zero.
 */
final class Durations {

    /** One or more number-unit pairs, e.g. 1h30m, 2.5s, 250ms; no sign. */
    static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
    static final String POSITIVE_RULE = "duration(self) > duration('0s')";
    static final String POSITIVE_MESSAGE = "must be a positive duration such as 30s, 10m or 1h30m";
    /** Far more than any sensible duration needs; bounds the CEL cost of the rules on it. */
    static final long MAX_LENGTH = 32;

    private Durations() {
    }
}

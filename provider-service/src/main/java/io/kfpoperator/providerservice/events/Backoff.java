package io.kfpoperator.providerservice.events;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff: {@code initial} doubling up to {@code max}, each delay jittered down by up to
 * a fifth so many provider services retrying after the same outage do not hit the operator together.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt, Random random) {
        long maxMillis = max.toMillis();
        long millis = initial.toMillis();
        for (int i = 0; i < attempt && millis < maxMillis; i++) {
            millis *= 2;
        }
        millis = Math.min(millis, maxMillis);
        long jitter = (long) (millis * 0.2 * random.nextDouble());
        return Duration.ofMillis(Math.max(1, millis - jitter));
    }
}

package io.kfpoperator.controller.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff per resource for transient failures: initial, doubling, capped
 * at max, with up to 20 % jitter so retries of many resources do not arrive together. Attempts
 * are soft state: a restarted controller starts again at the initial delay.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** Records one more failed attempt of {@code key} and returns its number (1 for the first). */
    public int failed(String key) {
        return attempts.merge(key, 1, Integer::sum);
    }

    /** The delay before retrying after {@code attempt} failures. */
    public Duration delay(int attempt) {
        long base = initial.toMillis();
        long capped = max.toMillis();
        long delay = base;
        for (int i = 1; i < attempt && delay < capped; i++) {
            delay = Math.min(capped, delay * 2);
        }
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(capped, delay + jitter));
    }

    public void succeeded(String key) {
        attempts.remove(key);
    }
}

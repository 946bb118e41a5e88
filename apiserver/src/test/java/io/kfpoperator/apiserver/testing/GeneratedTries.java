package io.kfpoperator.apiserver.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded tries of generated input, on plain JUnit (as {@code KfpGeneratedBadAnswersTest} does): try
 * {@code i} has the seed {@code seed * 1_000_003 + i} and draws its input from a {@link Random} of that
 * seed (scrambled first: the first {@code nextInt(8)} of Randoms of consecutive seeds takes 2 of its 8
 * values), so every run makes the same inputs and one try can be re-run alone. Every try runs; the failing ones are collected and reported
 * together at the end (the first few with their try number, seed and input), and the run is logged as
 * {@code tries = N (seed S)} with statistics of what the tries collected.
 *
 * <p>{@code -D<name>.tries=…} and {@code -D<name>.seed=…} change the tries; {@code -D<name>.try=i} runs
 * try {@code i} alone.
 */
public final class GeneratedTries {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratedTries.class);
    private static final int FAILURES_SHOWN = 5;

    private final String name;
    private final int tries;
    private final long seed;
    private final Integer only;
    private final Map<String, Map<String, Integer>> statistics = new LinkedHashMap<>();

    private GeneratedTries(String name, int tries, long seed, Integer only) {
        this.name = name;
        this.tries = tries;
        this.seed = seed;
        this.only = only;
    }

    /** Tries named {@code name} (the prefix of their system properties), by default {@code tries} of them from {@code seed}. */
    public static GeneratedTries named(String name, int tries, long seed) {
        return new GeneratedTries(name, Integer.getInteger(name + ".tries", tries), Long.getLong(name + ".seed", seed),
                Integer.getInteger(name + ".try"));
    }

    /** What one try checks; it fails by throwing (an assertion, or anything that escaped). */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    /** Counts {@code value} under {@code label}, for the statistics logged at the end. */
    public synchronized void collect(String label, Object value) {
        statistics.computeIfAbsent(label, l -> new LinkedHashMap<>()).merge(String.valueOf(value), 1, Integer::sum);
    }

    /** One of {@code values}, each as likely. */
    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Runs every try: generates its input, checks it; fails at the end if any try failed. */
    public <T> void run(Function<Random, T> generate, Check<T> check) {
        long started = System.nanoTime();
        List<String> shown = new ArrayList<>();
        Throwable first = null;
        int run = 0;
        int failed = 0;
        for (int i = 0; i < tries; i++) {
            if (only != null && only != i) {
                continue;
            }
            long trySeed = seed * 1_000_003L + i;
            Object input = "(not generated)";
            run++;
            try {
                T generated = generate.apply(new Random(scrambled(trySeed)));
                input = generated;
                check.accept(generated);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Exception | Error e) {
                failed++;
                if (first == null) {
                    first = e;
                }
                if (shown.size() < FAILURES_SHOWN) {
                    shown.add("try " + i + " (seed " + trySeed + "): " + input + "\n    " + e.toString().replace("\n", "\n    "));
                }
            }
        }
        LOG.info("{}: tries = {} (seed {}), {} failed, {} s{}", name, run, seed, failed,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9), statistics(run));
        if (failed > 0) {
            throw new AssertionError(name + ": " + failed + " of " + run + " tries failed (seed " + seed + "; -D" + name
                    + ".try=<try> runs one alone); the first " + shown.size() + ":\n" + String.join("\n", shown), first);
        }
    }

    /** SplitMix64's finaliser: seeds that differ in their low bits make Randoms that differ from their first number. */
    private static long scrambled(long seed) {
        long z = (seed ^ (seed >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private synchronized String statistics(int run) {
        StringBuilder report = new StringBuilder();
        statistics.forEach((label, counts) -> {
            report.append("\n  ").append(label).append(": ");
            report.append(counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                    .map(e -> e.getKey() + " " + e.getValue() + String.format(Locale.ROOT, " (%.0f %%)", 100.0 * e.getValue() / Math.max(1, run)))
                    .collect(Collectors.joining(", ")));
        });
        return report.toString();
    }
}

package io.kfpoperator.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the sandbox is started (the flags of {@code kfp-operator sandbox}).
 *
 * @param apiPort     port of the API server kubectl talks to (0: a free port)
 * @param kubeconfig  where the kubeconfig for that API server is written
 * @param eventsPort  port of the run-completion endpoint (0: a free port)
 * @param metricsPort port of the controller's /metrics, /livez and /readyz (0: a free port)
 * @param nats        {@code auto} (start nats-server when on the PATH, else log events), {@code off}, or a NATS URL
 * @param runDuration how long a simulated run takes
 * @param examples    whether the examples are applied on start
 * @param stateDir    where resources persist across restarts (null: nothing persists)
 * @param runTtl      how long after completing a Run is deleted (the controller's {@code runCompletionTTL}; null: kept)
 */
public record SandboxOptions(int apiPort, Path kubeconfig, int eventsPort, int metricsPort, String nats, Duration runDuration,
        boolean examples, Path stateDir, Duration runTtl) {

    public static final int DEFAULT_API_PORT = 6443;
    public static final Duration DEFAULT_RUN_DURATION = Duration.ofSeconds(30);
    /**
     * Completed Runs go after this long, so the tour's runs (a follow-up every minute, triggered
     * by the minutely schedule) do not pile up in a sandbox left running.
     */
    public static final Duration DEFAULT_RUN_TTL = Duration.ofMinutes(10);
    /** Hidden directory in the working directory (not {@code sandbox/}, which is the module's source directory in a clone). */
    public static final Path DEFAULT_KUBECONFIG = Path.of(".sandbox", "kubeconfig");

    public SandboxOptions {
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("--api-port must be between 0 and 65535, not " + apiPort);
        }
        if (eventsPort < 0 || eventsPort > 65535) {
            throw new IllegalArgumentException("--events-port must be between 0 and 65535, not " + eventsPort);
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("--metrics-port must be between 0 and 65535, not " + metricsPort);
        }
        if (runDuration == null || runDuration.isNegative() || runDuration.isZero()) {
            throw new IllegalArgumentException("--run-duration must be positive, e.g. 30s");
        }
        if (runTtl != null && (runTtl.isNegative() || runTtl.isZero())) {
            throw new IllegalArgumentException("--run-ttl must be positive, e.g. 10m, or off");
        }
        nats = nats == null ? "auto" : nats;
        if (!nats.equals("auto") && !nats.equals("off") && !nats.startsWith("nats://") && !nats.startsWith("tls://")) {
            throw new IllegalArgumentException("--nats must be auto, off or a URL like nats://127.0.0.1:4222, not '" + nats + "'");
        }
        kubeconfig = kubeconfig == null ? DEFAULT_KUBECONFIG : kubeconfig;
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(DEFAULT_API_PORT, null, 0, 0, "auto", DEFAULT_RUN_DURATION, true, null, DEFAULT_RUN_TTL);
    }

    public SandboxOptions withApiPort(int value) {
        return new SandboxOptions(value, kubeconfig, eventsPort, metricsPort, nats, runDuration, examples, stateDir, runTtl);
    }

    public SandboxOptions withKubeconfig(Path value) {
        return new SandboxOptions(apiPort, value, eventsPort, metricsPort, nats, runDuration, examples, stateDir, runTtl);
    }

    public SandboxOptions withNats(String value) {
        return new SandboxOptions(apiPort, kubeconfig, eventsPort, metricsPort, value, runDuration, examples, stateDir, runTtl);
    }

    public SandboxOptions withRunDuration(Duration value) {
        return new SandboxOptions(apiPort, kubeconfig, eventsPort, metricsPort, nats, value, examples, stateDir, runTtl);
    }

    public SandboxOptions withExamples(boolean value) {
        return new SandboxOptions(apiPort, kubeconfig, eventsPort, metricsPort, nats, runDuration, value, stateDir, runTtl);
    }

    public SandboxOptions withStateDir(Path value) {
        return new SandboxOptions(apiPort, kubeconfig, eventsPort, metricsPort, nats, runDuration, examples, value, runTtl);
    }

    /** {@code --run-ttl}: null keeps completed Runs. */
    public SandboxOptions withRunTtl(Duration value) {
        return new SandboxOptions(apiPort, kubeconfig, eventsPort, metricsPort, nats, runDuration, examples, stateDir, value);
    }

    /** {@code --run-ttl}: a duration, or {@code off} (null: completed Runs are kept). */
    public static Duration parseRunTtl(String text) {
        return text.trim().equalsIgnoreCase("off") ? null : parseDuration(text);
    }

    /** A duration as the flags take it and the controller's configuration reads it: 10m, 1h30m, 45s, 500ms. */
    public static String format(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    /** Parses durations as users write them: 30s, 2m, 1h, 500ms, or ISO-8601 (PT30S). */
    public static Duration parseDuration(String text) {
        String value = text.trim();
        try {
            if (value.toUpperCase(java.util.Locale.ROOT).startsWith("PT")) {
                return Duration.parse(value);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 30s, 2m, 500ms");
        }
    }
}

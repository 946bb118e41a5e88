package io.kfpoperator.provider.simulated;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the simulated platform behaves. Read from the Provider's parameters by
 * {@link #fromParameters(Map)}; every key is optional.
 *
 * @param runDuration how long a run takes from start to finish
 * @param runOutcome  how every run ends
 * @param artifacts   the pipeline components (with artifacts) each finished run reports;
 *                    {@code {runId}} in an artifact URI is replaced by the run's id
 * @param errorRate   probability (0..1) that a platform call fails with a 500
 * @param latency     added to every platform call
 * @param seed        seeds the fault-injection random numbers, so a test sees the same failures every time
 * @param faults      faults before and after the platform commits, and hangs ({@link FaultPlan})
 */
public record SimulatedSettings(
        Duration runDuration,
        RunCompletionStatus runOutcome,
        List<PipelineComponent> artifacts,
        double errorRate,
        Duration latency,
        long seed,
        FaultPlan faults) {

    public static final String RUN_DURATION = "runDuration";
    public static final String RUN_OUTCOME = "runOutcome";
    public static final String ARTIFACTS = "artifacts";
    public static final String ERROR_RATE = "errorRate";
    public static final String LATENCY = "latency";
    public static final String SEED = "seed";
    public static final String FAULTS = "faults";

    /** Every parameter key the simulated platform reads. */
    public static final Set<String> KEYS = Set.of(RUN_DURATION, RUN_OUTCOME, ARTIFACTS, ERROR_RATE, LATENCY, SEED, FAULTS);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final ObjectMapper JSON = new ObjectMapper();

    public SimulatedSettings {
        if (runDuration == null || runDuration.isNegative()) {
            throw new PlatformConfigurationException("simulated parameter '" + RUN_DURATION + "' must not be negative");
        }
        if (runOutcome == null) {
            throw new PlatformConfigurationException("simulated parameter '" + RUN_OUTCOME + "' must be succeeded or failed");
        }
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new PlatformConfigurationException("simulated parameter '" + ERROR_RATE + "' must be between 0 and 1, was " + errorRate);
        }
        if (latency == null || latency.isNegative()) {
            throw new PlatformConfigurationException("simulated parameter '" + LATENCY + "' must not be negative");
        }
        artifacts = List.copyOf(artifacts);
        if (faults == null) {
            faults = FaultPlan.NONE;
        }
    }

    /** Without a fault plan. */
    public SimulatedSettings(Duration runDuration, RunCompletionStatus runOutcome, List<PipelineComponent> artifacts,
            double errorRate, Duration latency, long seed) {
        this(runDuration, runOutcome, artifacts, errorRate, latency, seed, FaultPlan.NONE);
    }

    /** Runs take a minute and succeed, producing one model artifact; no faults. */
    public static SimulatedSettings defaults() {
        return new SimulatedSettings(Duration.ofMinutes(1), RunCompletionStatus.SUCCEEDED, defaultArtifacts(),
                0.0, Duration.ZERO, 0L, FaultPlan.NONE);
    }

    public static List<PipelineComponent> defaultArtifacts() {
        return List.of(new PipelineComponent("trainer", List.of(new ComponentArtifact("model", List.of(
                new ArtifactInstance("simulated://runs/{runId}/trainer/model",
                        Map.<String, JsonNode>of("pushed", JSON.getNodeFactory().booleanNode(true))))))));
    }

    /** Reads the settings from Provider parameters; a bad value is an error naming its key. */
    public static SimulatedSettings fromParameters(Map<String, String> parameters) {
        SimulatedSettings d = defaults();
        return new SimulatedSettings(
                value(parameters, RUN_DURATION).map(v -> parseDuration(RUN_DURATION, v)).orElse(d.runDuration()),
                value(parameters, RUN_OUTCOME).map(SimulatedSettings::parseOutcome).orElse(d.runOutcome()),
                value(parameters, ARTIFACTS).map(SimulatedSettings::parseArtifacts).orElse(d.artifacts()),
                value(parameters, ERROR_RATE).map(SimulatedSettings::parseErrorRate).orElse(d.errorRate()),
                value(parameters, LATENCY).map(v -> parseDuration(LATENCY, v)).orElse(d.latency()),
                value(parameters, SEED).map(SimulatedSettings::parseSeed).orElse(d.seed()),
                value(parameters, FAULTS).map(FaultPlan::parse).orElse(d.faults()));
    }

    public SimulatedSettings withRunDuration(Duration value) {
        return new SimulatedSettings(value, runOutcome, artifacts, errorRate, latency, seed, faults);
    }

    public SimulatedSettings withRunOutcome(RunCompletionStatus value) {
        return new SimulatedSettings(runDuration, value, artifacts, errorRate, latency, seed, faults);
    }

    public SimulatedSettings withArtifacts(List<PipelineComponent> value) {
        return new SimulatedSettings(runDuration, runOutcome, value, errorRate, latency, seed, faults);
    }

    public SimulatedSettings withErrorRate(double value) {
        return new SimulatedSettings(runDuration, runOutcome, artifacts, value, latency, seed, faults);
    }

    public SimulatedSettings withLatency(Duration value) {
        return new SimulatedSettings(runDuration, runOutcome, artifacts, errorRate, value, seed, faults);
    }

    public SimulatedSettings withSeed(long value) {
        return new SimulatedSettings(runDuration, runOutcome, artifacts, errorRate, latency, value, faults);
    }

    public SimulatedSettings withFaults(FaultPlan value) {
        return new SimulatedSettings(runDuration, runOutcome, artifacts, errorRate, latency, seed, value);
    }

    private static java.util.Optional<String> value(Map<String, String> parameters, String key) {
        return java.util.Optional.ofNullable(parameters.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Accepts ISO-8601 ({@code PT30S}) and the short forms {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    static Duration parseDuration(String key, String value) {
        Matcher m = SHORT_DURATION.matcher(value);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new PlatformConfigurationException("simulated parameter '" + key + "' is not a duration (e.g. 30s, 5m, PT1M): '" + value + "'");
        }
    }

    private static RunCompletionStatus parseOutcome(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "succeeded" -> RunCompletionStatus.SUCCEEDED;
            case "failed" -> RunCompletionStatus.FAILED;
            default -> throw new PlatformConfigurationException(
                    "simulated parameter '" + RUN_OUTCOME + "' must be succeeded or failed, was '" + value + "'");
        };
    }

    private static double parseErrorRate(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new PlatformConfigurationException("simulated parameter '" + ERROR_RATE + "' is not a number: '" + value + "'");
        }
    }

    private static long parseSeed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new PlatformConfigurationException("simulated parameter '" + SEED + "' is not an integer: '" + value + "'");
        }
    }

    private static List<PipelineComponent> parseArtifacts(String value) {
        try {
            return JSON.readValue(value, new TypeReference<List<PipelineComponent>>() { });
        } catch (Exception e) {
            throw new PlatformConfigurationException("simulated parameter '" + ARTIFACTS
                    + "' must be a JSON list of {name, componentArtifacts: [{name, artifacts: [{uri, metadata}]}]}: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}

package io.kfpoperator.provider.simulated;

import io.kfpoperator.provider.spi.PlatformConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which faults the simulated platform injects, each as a probability per call (drawn from the
 * platform's seeded random numbers, so a seed replays the same faults). At most one fault fires per
 * call; the rates add up and must not exceed 1.
 *
 * <ul>
 *   <li>{@code unavailable}: the call fails with a 500 before anything changes;</li>
 *   <li>{@code throttled}: the call is refused with a 429 before anything changes;</li>
 *   <li>{@code lost}: the change is made, then the answer is lost: the caller gets a 502 although
 *       the object exists on the platform (what a timed-out gateway or a dropped connection does);</li>
 *   <li>{@code hang}: the call waits {@code hangFor} before it is carried out, so a caller with a
 *       shorter timeout gives up while the platform goes on and commits afterwards.</li>
 * </ul>
 *
 * @param only the verbs faults apply to ({@link #VERBS}); empty means every call
 */
public record FaultPlan(double unavailable, double throttled, double lost, double hang, Duration hangFor, Set<String> only) {

    /** The verbs of platform calls: the first word of the operation ("create run", "list finished runs"). */
    public static final Set<String> VERBS = Set.of("create", "update", "delete", "list");

    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, 0, Duration.ofSeconds(30), Set.of());

    /** One drawn outcome of a call. */
    enum Fault { NONE, UNAVAILABLE, THROTTLED, LOST, HANG }

    public FaultPlan {
        for (Map.Entry<String, Double> rate : Map.of("unavailable", unavailable, "throttled", throttled, "lost", lost, "hang", hang).entrySet()) {
            if (!(rate.getValue() >= 0.0 && rate.getValue() <= 1.0)) {
                throw new PlatformConfigurationException("simulated fault rate '" + rate.getKey() + "' must be between 0 and 1, was " + rate.getValue());
            }
        }
        if (unavailable + throttled + lost + hang > 1.0 + 1e-9) {
            throw new PlatformConfigurationException("simulated fault rates add up to more than 1");
        }
        if (hangFor == null || hangFor.isNegative()) {
            throw new PlatformConfigurationException("simulated fault 'hangFor' must not be negative");
        }
        only = Set.copyOf(only);
        for (String verb : only) {
            if (!VERBS.contains(verb)) {
                throw new PlatformConfigurationException("simulated fault 'only' takes " + String.join(", ", VERBS.stream().sorted().toList())
                        + ", not '" + verb + "'");
            }
        }
    }

    public boolean isNone() {
        return unavailable == 0 && throttled == 0 && lost == 0 && hang == 0;
    }

    boolean appliesTo(String operation) {
        return only.isEmpty() || only.contains(operation.substring(0, operation.indexOf(' ') < 0 ? operation.length() : operation.indexOf(' ')));
    }

    /** The fault a draw in [0, 1) selects. */
    Fault select(double draw) {
        double bound = unavailable;
        if (draw < bound) {
            return Fault.UNAVAILABLE;
        }
        bound += throttled;
        if (draw < bound) {
            return Fault.THROTTLED;
        }
        bound += lost;
        if (draw < bound) {
            return Fault.LOST;
        }
        bound += hang;
        return draw < bound ? Fault.HANG : Fault.NONE;
    }

    public FaultPlan withUnavailable(double value) {
        return new FaultPlan(value, throttled, lost, hang, hangFor, only);
    }

    public FaultPlan withThrottled(double value) {
        return new FaultPlan(unavailable, value, lost, hang, hangFor, only);
    }

    public FaultPlan withLost(double value) {
        return new FaultPlan(unavailable, throttled, value, hang, hangFor, only);
    }

    public FaultPlan withHang(double value, Duration duration) {
        return new FaultPlan(unavailable, throttled, lost, value, duration, only);
    }

    public FaultPlan onlyOn(Set<String> verbs) {
        return new FaultPlan(unavailable, throttled, lost, hang, hangFor, verbs);
    }

    /**
     * Reads {@code unavailable=0.3,throttled=0.05,lost=0.1,hang=0.01,hangFor=30s,only=create+delete};
     * every key is optional and "" or "none" is no faults. The sandbox's --platform-faults and the
     * Provider parameter {@code faults} take this form.
     */
    public static FaultPlan parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new PlatformConfigurationException("simulated faults: expected key=value, got '" + part.trim() + "'");
            }
            values.put(kv[0].trim(), kv[1].trim());
        }
        Set<String> known = Set.of("unavailable", "throttled", "lost", "hang", "hangFor", "only");
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new PlatformConfigurationException("simulated faults: unknown key '" + key + "'; known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        return new FaultPlan(rate(values, "unavailable"), rate(values, "throttled"), rate(values, "lost"), rate(values, "hang"),
                values.containsKey("hangFor") ? SimulatedSettings.parseDuration("faults hangFor", values.get("hangFor")) : NONE.hangFor(),
                values.containsKey("only") ? Set.of(values.get("only").toLowerCase(Locale.ROOT).split("\\+")) : Set.of());
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return "unavailable=" + unavailable + ",throttled=" + throttled + ",lost=" + lost + ",hang=" + hang + ",hangFor=" + hangFor
                + (only.isEmpty() ? "" : ",only=" + only.stream().sorted().collect(Collectors.joining("+")));
    }

    private static double rate(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new PlatformConfigurationException("simulated faults: '" + key + "' is not a number: '" + value + "'");
        }
    }
}

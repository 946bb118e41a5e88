package io.kfpoperator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs benchmark scenarios and reports each figure with the baseline measured in the same run,
 * as a Markdown table (stdout) and JSON (results directory). Figures are for comparing builds on
 * one machine, never absolute limits.
 */
public final class Bench {

    /** Scenario names and their default N. */
    public static final Map<String, Integer> DEFAULT_N = defaults();

    private static final Map<String, Supplier<Scenario>> SCENARIOS = Map.of(
            "reconcile", () -> new ReconcileScenario(true, false),
            "resync", () -> new ReconcileScenario(false, true),
            "scale", ScaleScenario::new,
            "startup", StartupScenario::new,
            "events", EventsScenario::new,
            "faults", FaultsScenario::new);

    /** The outcome of a run: what was measured, on what machine. */
    public record Report(Map<String, String> machine, List<Measurement> measurements) {
    }

    private Bench() {
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> n = new LinkedHashMap<>();
        n.put("reconcile", 1000);
        n.put("resync", 1000);
        n.put("scale", 10_000);
        n.put("startup", 3);
        n.put("events", 6000);
        n.put("faults", 1000);
        return n;
    }

    /** Correctness under faults rather than a speed: run when asked for, not with the rest. */
    private static final List<String> ONLY_WHEN_ASKED = List.of("faults");

    /**
     * Runs {@code scenarios} (all but {@code faults} when empty) with {@code n} (the scenario's default when null).
     * Unknown names are an {@link IllegalArgumentException} listing the known ones.
     */
    public static Report run(Path repository, List<String> scenarios, Integer n) throws Exception {
        List<String> names = scenarios.isEmpty()
                ? DEFAULT_N.keySet().stream().filter(name -> !ONLY_WHEN_ASKED.contains(name)).toList() : scenarios;
        for (String name : names) {
            if (!SCENARIOS.containsKey(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", DEFAULT_N.keySet()));
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (String name : names) {
            measurements.addAll(SCENARIOS.get(name).get().run(repository, n == null ? DEFAULT_N.get(name) : n));
        }
        return new Report(machine(), measurements);
    }

    public static void printMarkdown(Report report, PrintStream out) {
        out.println("| scenario | metric | value | baseline | ratio |");
        out.println("|---|---|---|---|---|");
        for (Measurement m : report.measurements()) {
            out.printf(Locale.ROOT, "| %s | %s | %s %s | %s | %s |%n", m.scenario(), m.metric(), number(m.value()), m.unit(),
                    m.baseline() == null ? "" : number(m.baseline()) + " " + m.unit(),
                    m.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f×", m.ratio()));
        }
        out.println();
        out.println("Machine: " + report.machine());
    }

    public static Path writeJson(Report report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("bench-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        return file;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e12 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static Map<String, String> machine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() / 1024 / 1024));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return machine;
    }
}

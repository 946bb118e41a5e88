package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the fault tests share: the repository they run in, and the faults scenario's targets (docs/reliability.md). */
final class FaultsTargets {

    private FaultsTargets() {
    }

    /** The repository root, found above the test's working directory. */
    static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("helm/kfp-operator/crds"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** Prints the figures and returns them by metric name. */
    static Map<String, Double> report(List<Measurement> measurements) {
        Bench.printMarkdown(new Bench.Report(Map.of(), measurements), System.out);
        return measurements.stream().collect(Collectors.toMap(Measurement::metric, Measurement::value));
    }

    /** 0 duplicates, 0 stuck, 0 lost, 0 unhandled. */
    static void assertMet(Map<String, Double> m) {
        assertThat(m).containsEntry("duplicate platform pipelines", 0.0)
                .containsEntry("duplicate platform run schedules", 0.0)
                .containsEntry("duplicate platform runs", 0.0)
                .containsEntry("duplicate Runs started by RunConfigurations", 0.0)
                .containsEntry("resources not converged at the end (stuck)", 0.0)
                .containsEntry("completion events lost (finished platform runs never on the stream)", 0.0)
                .containsEntry("unhandled exceptions in the controller's log", 0.0);
    }
}

package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code faults} scenario at a small N: with the controller SIGKILLed, provider calls failing,
 * losing their answers after the commit and hanging past the controller's timeout, API writes refused, watches expired, NATS and the
 * provider service restarted, everything still converges, once. These are correctness targets, so
 * they are asserted; the times it reports are not.
 */
class FaultsScenarioTest {

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("helm/kfp-operator/crds"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void everythingConvergesOnceUnderFaults() throws Exception {
        Bench.Report report = Bench.run(repository(), List.of("faults"), 6);
        Bench.printMarkdown(report, System.out);
        Map<String, Double> m = report.measurements().stream().collect(Collectors.toMap(Measurement::metric, Measurement::value));

        // the faults did fire
        assertThat(m.get("controller SIGKILLs")).isEqualTo(3);
        assertThat(m.get("provider calls failed before commit (5xx)")).isPositive();
        assertThat(m.get("provider answers lost after commit")).isPositive();
        assertThat(m.get("provider calls hung past the controller's timeout")).isPositive();
        // the targets
        assertThat(m).containsEntry("duplicate platform pipelines", 0.0)
                .containsEntry("duplicate platform run schedules", 0.0)
                .containsEntry("duplicate platform runs", 0.0)
                .containsEntry("duplicate Runs started by RunConfigurations", 0.0)
                .containsEntry("resources not converged at the end (stuck)", 0.0)
                .containsEntry("completion events lost (finished platform runs never on the stream)", 0.0)
                .containsEntry("unhandled exceptions in the controller's log", 0.0);
    }
}

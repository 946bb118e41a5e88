package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.simulated.FaultPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The controller alone as the fault: its own JVM, SIGKILLed five times at seeded random points
 * while waves of Pipelines, RunConfigurations and Runs converge, started again each time. Nothing
 * on the platform may exist twice and everything must converge.
 */
class ControllerSigkillTest {

    @Test
    void killedControllersLeaveNoDuplicatesAndEverythingConverges() throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repository.resolve("helm/kfp-operator/crds"))) {
            repository = repository.getParent();
        }
        List<Measurement> measurements = new FaultsScenario(new FaultsScenario.Plan(5, FaultPlan.NONE, 0, false, 0, false))
                .run(repository, 10);
        Bench.printMarkdown(new Bench.Report(Map.of(), measurements), System.out);
        Map<String, Double> m = measurements.stream().collect(Collectors.toMap(Measurement::metric, Measurement::value));

        assertThat(m.get("controller SIGKILLs")).isEqualTo(5);
        assertThat(m).containsEntry("duplicate platform pipelines", 0.0)
                .containsEntry("duplicate platform run schedules", 0.0)
                .containsEntry("duplicate platform runs", 0.0)
                .containsEntry("duplicate Runs started by RunConfigurations", 0.0)
                .containsEntry("resources not converged at the end (stuck)", 0.0)
                .containsEntry("completion events lost (finished platform runs never on the stream)", 0.0)
                .containsEntry("unhandled exceptions in the controller's log", 0.0);
    }
}

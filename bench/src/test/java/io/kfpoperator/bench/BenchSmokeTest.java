package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario with a tiny N, so the harness cannot rot. Asserts that it works and that its
 * counts are consistent, never how fast anything was.
 */
class BenchSmokeTest {

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("helm/kfp-operator/crds"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static Map<String, Measurement> byMetric(Bench.Report report) {
        return report.measurements().stream().collect(Collectors.toMap(m -> m.scenario() + ": " + m.metric(), m -> m));
    }

    @Test
    void everyScenarioRunsAndItsCountsAddUp(@TempDir Path results) throws Exception {
        Bench.Report report = Bench.run(repository(), List.of(), 3);
        Map<String, Measurement> m = byMetric(report);

        assertThat(m.get("reconcile: resources converged").value()).isEqualTo(6);
        assertThat(m.get("reconcile: resources converged per second").ratio()).isPositive();
        assertThat(m.get("reconcile: controller API writes per resource").value()).isPositive();
        assertThat(m.get("reconcile: reconciles per resource").value()).as("every resource is reconciled at least once").isGreaterThanOrEqualTo(1.0);
        assertThat(m.get("reconcile: provider calls per resource").value()).isBetween(0.5, 1.0);
        // The same convergence on the fabric8 mock the bench ran on before, reported beside ours.
        assertThat(m.get("reconcile: resources converged per second (fabric8 mock API server)").ratio()).isPositive();
        assertThat(m.get("reconcile: controller API writes per resource (fabric8 mock API server)").value()).isPositive();
        assertThat(m.get("reconcile: resources converged per second, our API server against the fabric8 mock").baseline())
                .isEqualTo(m.get("reconcile: resources converged per second (fabric8 mock API server)").value());
        assertThat(m.get("reconcile: resources converged per second, our API server against the fabric8 mock").value())
                .isEqualTo(m.get("reconcile: resources converged per second").value());
        assertThat(m.get("resync: resources resynced").value()).isEqualTo(6);
        assertThat(m.get("resync: API writes after a full resync").value()).isZero();
        assertThat(m.get("resync: provider calls after a full resync").value()).isZero();
        assertThat(m.get("scale: resources").value()).isEqualTo(2);
        assertThat(m.get("scale: heap after GC, whole process").baseline()).isPositive();
        assertThat(m.get("events: events sent").value()).isEqualTo(3);
        assertThat(m.get("events: events lost (sent − on the stream)").value()).isZero();
        assertThat(m.get("events: p99 request to stream ack").ratio()).isPositive();
        assertThat(m.get("startup: process start to first reconcile finished").value())
                .isGreaterThanOrEqualTo(m.get("startup: process start to ready").value());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        Bench.printMarkdown(report, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).startsWith("| scenario | metric | value | baseline | ratio |")
                .contains("| reconcile | resources converged per second |");
        Path json = Bench.writeJson(report, results);
        assertThat(Files.readString(json)).contains("\"measurements\"").contains("\"machine\"");
    }

    @Test
    void unknownScenarioListsTheKnownOnes() {
        assertThatThrownBy(() -> Bench.run(repository(), List.of("everything"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'everything'")
                .hasMessageContaining("reconcile, resync, scale, startup, events");
    }
}

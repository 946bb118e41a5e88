package io.kfpoperator.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scale}: N resources (N/2 Pipelines + N/2 RunConfigurations). Heap after GC with the
 * resources stored and no controller is the baseline; the same after the controller converged,
 * minus the baseline, is what the controller holds. The API server's watch history is compacted
 * before each measurement, so neither counts the earlier versions it keeps for watches. Process RSS is reported as read.
 */
final class ScaleScenario implements Scenario {

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public List<Measurement> run(Path repository, int n) throws Exception {
        int pairs = Math.max(1, n / 2);
        List<Measurement> results = new ArrayList<>();
        try (BenchEnvironment env = new BenchEnvironment(repository)) {
            Workload workload = new Workload(env.client, repository);
            workload.provider();
            workload.pairs("default", pairs);
            env.drainRequests();
            env.compactHistory();
            long withoutController = heapAfterGc();

            env.startController();
            workload.awaitSucceeded("default", 2L * pairs, Duration.ofMinutes(60));
            env.drainRequests();
            // The server's watch history grew with every status write; it is the server's, not the controller's.
            env.compactHistory();
            long withController = heapAfterGc();
            long controllerHeap = Math.max(0, withController - withoutController);
            results.add(Measurement.plain("scale", "resources", 2.0 * pairs, "count"));
            results.add(Measurement.against("scale", "heap after GC, whole process", mib(withController), mib(withoutController), "MiB"));
            results.add(Measurement.plain("scale", "heap held by the controller", mib(controllerHeap), "MiB"));
            results.add(Measurement.plain("scale", "controller heap per resource", controllerHeap / 1024.0 / (2.0 * pairs), "KiB"));
            results.add(Measurement.plain("scale", "process RSS", rssMiB(), "MiB"));
        }
        return results;
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    /** VmRSS from /proc (Linux); 0 where it cannot be read. */
    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux: report 0 rather than fail the run
        }
        return 0;
    }
}

package io.kfpoperator.bench;

import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.ExperimentSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reconcile}: N Pipelines + N RunConfigurations applied, time until all are Succeeded,
 * against the same client writing the same objects and one status update each straight to the same
 * API server. {@code resync}: after convergence, a restarted controller (a full resync) should make
 * no API write and no provider call.
 */
final class ReconcileScenario implements Scenario {

    private final boolean reportReconcile;
    private final boolean reportResync;

    ReconcileScenario(boolean reportReconcile, boolean reportResync) {
        this.reportReconcile = reportReconcile;
        this.reportResync = reportResync;
    }

    @Override
    public String name() {
        return reportReconcile ? "reconcile" : "resync";
    }

    @Override
    public List<Measurement> run(Path repository, int n) throws Exception {
        List<Measurement> results = new ArrayList<>();
        try (BenchEnvironment env = new BenchEnvironment(repository)) {
            Workload workload = new Workload(env.client, repository);
            workload.provider();

            long baselineStart = System.nanoTime();
            workload.pairs("baseline", n);
            workload.writeSucceededStatuses("baseline");
            double baselineSeconds = seconds(baselineStart);
            workload.deleteAll("baseline");

            env.startController();
            env.drainRequests();
            long callsBefore = env.providerCalls();
            long start = System.nanoTime();
            workload.pairs("default", n);
            workload.awaitSucceeded("default", 2L * n, Duration.ofMinutes(30));
            double seconds = seconds(start);
            BenchEnvironment.RequestCounts requests = env.drainRequests();
            long calls = env.providerCalls() - callsBefore;

            if (reportReconcile) {
                String s = "reconcile";
                results.add(Measurement.against(s, "resources converged per second", 2.0 * n / seconds, 2.0 * n / baselineSeconds, "1/s"));
                results.add(Measurement.plain(s, "resources converged", 2.0 * n, "count"));
                // The n creates are the user's; everything else is the controller's.
                results.add(Measurement.plain(s, "controller API writes per resource", (requests.writes() - 2.0 * n) / (2.0 * n), "writes"));
                results.add(Measurement.plain(s, "provider calls per resource", calls / (2.0 * n), "calls"));
            }
            if (reportResync) {
                env.stopController();
                env.drainRequests();
                long resyncCallsBefore = env.providerCalls();
                env.startController();
                // A marker proves the restarted controller is reconciling; then give the resync time to finish.
                Experiment marker = new Experiment();
                ObjectMeta meta = new ObjectMeta();
                meta.setNamespace("default");
                meta.setName("resync-marker");
                marker.setMetadata(meta);
                marker.setSpec(new ExperimentSpec().withProvider(Workload.PROVIDER));
                env.client.resource(marker).create();
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (env.client.resource(marker).get().getStatus() == null && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(Math.min(10_000, 1000 + n));
                // The marker's own create, finalizer and status writes (and its one provider call) are not the resync's.
                BenchEnvironment.RequestCounts resync = env.drainRequests(w -> w.contains("/resync-marker")
                        || w.equals("POST /apis/pipelines.kubeflow.org/v1beta1/namespaces/default/experiments"));
                results.add(Measurement.plain("resync", "API writes after a full resync", resync.writes(), "writes"));
                results.add(Measurement.plain("resync", "provider calls after a full resync", env.providerCalls() - resyncCallsBefore - 1, "calls"));
                results.add(Measurement.plain("resync", "resources resynced", 2.0 * n, "count"));
            }
        }
        return results;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

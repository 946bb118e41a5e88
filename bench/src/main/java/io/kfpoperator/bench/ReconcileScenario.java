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
 * API server. It runs on our API server, then once more on the fabric8 mock API server the bench
 * ran on before (with its own in-run baseline there), and reports the two rates side by side.
 * {@code resync}: after convergence on our API server, a restarted controller (a full resync)
 * should make no API write and no provider call.
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

    /** One convergence: the controller's time and the in-run baseline's, on one API server. */
    private record Convergence(double seconds, double baselineSeconds, long writes, long calls, long reconciles) {
    }

    @Override
    public List<Measurement> run(Path repository, int n) throws Exception {
        List<Measurement> results = new ArrayList<>();
        Convergence ours;
        try (BenchEnvironment env = new BenchEnvironment(repository, BenchEnvironment.Server.OURS)) {
            Workload workload = new Workload(env.client, repository);
            ours = converge(env, workload, n);

            if (reportReconcile) {
                String s = "reconcile";
                results.add(Measurement.against(s, "resources converged per second", 2.0 * n / ours.seconds(), 2.0 * n / ours.baselineSeconds(), "1/s"));
                results.add(Measurement.plain(s, "resources converged", 2.0 * n, "count"));
                // The n creates are the user's; everything else is the controller's.
                results.add(Measurement.plain(s, "controller API writes per resource", (ours.writes() - 2.0 * n) / (2.0 * n), "writes"));
                results.add(Measurement.plain(s, "provider calls per resource", ours.calls() / (2.0 * n), "calls"));
                results.add(Measurement.plain(s, "reconciles per resource", ours.reconciles() / (2.0 * n), "reconciles"));
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
        if (reportReconcile) {
            // The figure the bench reported before it moved to our API server, measured again in this run.
            try (BenchEnvironment env = new BenchEnvironment(repository, BenchEnvironment.Server.FABRIC8_MOCK)) {
                Convergence mock = converge(env, new Workload(env.client, repository), n);
                String s = "reconcile";
                String on = " (" + env.server.description + ")";
                results.add(Measurement.against(s, "resources converged per second" + on, 2.0 * n / mock.seconds(),
                        2.0 * n / mock.baselineSeconds(), "1/s"));
                results.add(Measurement.plain(s, "controller API writes per resource" + on, (mock.writes() - 2.0 * n) / (2.0 * n), "writes"));
                results.add(Measurement.plain(s, "reconciles per resource" + on, mock.reconciles() / (2.0 * n), "reconciles"));
                results.add(Measurement.against(s, "resources converged per second, our API server against the fabric8 mock",
                        2.0 * n / ours.seconds(), 2.0 * n / mock.seconds(), "1/s"));
            }
        }
        return results;
    }

    /**
     * The baseline (the same client creating n pairs and writing one status each, straight to the
     * server), then the controller converging n fresh pairs; counts what it wrote and called.
     */
    private static Convergence converge(BenchEnvironment env, Workload workload, int n) throws InterruptedException {
        workload.provider();

        long baselineStart = System.nanoTime();
        workload.pairs("baseline", n);
        workload.writeSucceededStatuses("baseline");
        double baselineSeconds = seconds(baselineStart);
        workload.deleteAll("baseline");

        env.startController();
        env.drainRequests();
        long callsBefore = env.providerCalls();
        long reconcilesBefore = env.reconciles();
        long start = System.nanoTime();
        workload.pairs("default", n);
        workload.awaitSucceeded("default", 2L * n, Duration.ofMinutes(30));
        double seconds = seconds(start);
        BenchEnvironment.RequestCounts requests = env.drainRequests();
        long calls = env.providerCalls() - callsBefore;
        return new Convergence(seconds, baselineSeconds, requests.writes(), calls, env.reconciles() - reconcilesBefore);
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

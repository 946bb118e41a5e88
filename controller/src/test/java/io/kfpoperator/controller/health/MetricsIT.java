package io.kfpoperator.controller.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running controller's /metrics after a create, update, delete and failure: every metric there, the numbers moved. */
class MetricsIT {

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void metricsOfACreateUpdateDeleteAndFailureCycle() throws Exception {
        int metricsPort = freePort();
        int healthPort = freePort();
        OperatorConfig config = ConfigLoader.load(null, Map.of(
                "system.leaderElection.enabled", "false",
                "spec.runCompletionFeed.port", Integer.toString(freePort()),
                "spec.monitoring.metricsPort", Integer.toString(metricsPort),
                "spec.monitoring.healthPort", Integer.toString(healthPort)));
        try (ControllerHarness harness = new ControllerHarness().createNamespaces(ControllerTestBase.PROVIDER_NAMESPACE)) {
            harness.apply(ControllerTestBase.PROVIDER);
            try (KfpOperatorController.RunningController controller = KfpOperatorController.start(harness.client, config,
                    ProviderEndpoints.fixed(harness.providerService.localUri()), Clock.systemUTC())) {
                // Ready once every informer watches. fabric8 counts a watch streamed over HTTP (our API server
                // has no WebSocket) as started at its first byte, i.e. the first event or bookmark: within
                // the harness's bookmark interval, not at the instant start() returns.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(healthPort, "/readyz")).startsWith("200 ready"));
                assertThat(get(healthPort, "/livez")).startsWith("200");

                harness.apply(Manifests.experiment("exp", "one"));
                await().atMost(Duration.ofSeconds(30)).until(() -> synced(harness, "exp", "one"));
                harness.apply(Manifests.experiment("exp", "two"));
                await().atMost(Duration.ofSeconds(30)).until(() -> synced(harness, "exp", "two"));
                harness.client.resources(Experiment.class).inNamespace("default").withName("exp").delete();
                await().atMost(Duration.ofSeconds(30)).until(() -> harness.client.resources(Experiment.class).inNamespace("default").withName("exp").get() == null);
                harness.apply("""
                        apiVersion: pipelines.kubeflow.org/v1beta1
                        kind: Pipeline
                        metadata: {name: broken, namespace: default}
                        spec: {provider: kfp-operator/simulated, image: "x:1", framework: {name: tfx, parameters: {}}}
                        """);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Pipeline p = harness.client.resources(Pipeline.class).inNamespace("default").withName("broken").get();
                    return p != null && p.getStatus() != null && Conditions.synchronizationState(p.getStatus().getConditions()) == SynchronizationState.FAILED;
                });

                controller.checkProviders();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    String metrics = get(metricsPort, "/metrics");
                    assertThat(metrics).startsWith("200");
                    assertThat(value(metrics, "kfp_operator_reconcile_total{kind=\"Experiment\",outcome=\"success\"}")).isGreaterThanOrEqualTo(3);
                    assertThat(value(metrics, "kfp_operator_reconcile_total{kind=\"Pipeline\",outcome=\"error\"}")).isZero();
                    assertThat(value(metrics, "kfp_operator_reconcile_duration_seconds_count{kind=\"Experiment\"}")).isGreaterThanOrEqualTo(3);
                    assertThat(metrics).contains("kfp_operator_reconcile_duration_seconds_bucket{kind=\"Experiment\",le=");
                    assertThat(metrics).contains("kfp_operator_reconcile_queue_depth{kind=\"Pipeline\"}");
                    assertThat(value(metrics, "kfp_operator_resources{kind=\"Pipeline\",namespace=\"default\",state=\"Failed\"}")).isEqualTo(1);
                    assertThat(value(metrics, "kfp_operator_resources{kind=\"Experiment\",namespace=\"default\",state=\"Succeeded\"}")).isZero();
                    assertThat(value(metrics, "kfp_operator_provider_request_duration_seconds_count{operation=\"create_experiment\",outcome=\"succeeded\",provider=\"kfp-operator/simulated\"}")).isEqualTo(1);
                    assertThat(value(metrics, "kfp_operator_provider_request_duration_seconds_count{operation=\"update_experiment\",outcome=\"succeeded\",provider=\"kfp-operator/simulated\"}")).isEqualTo(1);
                    assertThat(value(metrics, "kfp_operator_provider_request_duration_seconds_count{operation=\"delete_experiment\",outcome=\"succeeded\",provider=\"kfp-operator/simulated\"}")).isEqualTo(1);
                    assertThat(value(metrics, "kfp_operator_provider_available{provider=\"kfp-operator/simulated\"}")).isEqualTo(1);
                    assertThat(metrics).contains("kfp_operator_events_received_total").contains("jvm_memory_used_bytes").contains("process_cpu_usage");
                    // The Go operator's controller-runtime names, for dashboards and alerts built on it.
                    assertThat(value(metrics, "controller_runtime_reconcile_total{controller=\"experiment\",result=\"success\"}")
                            + value(metrics, "controller_runtime_reconcile_total{controller=\"experiment\",result=\"requeue_after\"}"))
                            .isGreaterThanOrEqualTo(3);
                    assertThat(value(metrics, "controller_runtime_reconcile_errors_total{controller=\"pipeline\"}")).isZero();
                    assertThat(value(metrics, "controller_runtime_reconcile_time_seconds_count{controller=\"experiment\"}")).isGreaterThanOrEqualTo(3);
                    assertThat(metrics).contains("workqueue_depth{controller=\"runconfiguration\",name=\"runconfiguration\"}");
                });
            }
        }
    }

    private static boolean synced(ControllerHarness harness, String name, String description) {
        Experiment e = harness.client.resources(Experiment.class).inNamespace("default").withName(name).get();
        return e != null && e.getStatus() != null && description.equals(e.getSpec().getDescription())
                && Conditions.synchronizationState(e.getStatus().getConditions()) == SynchronizationState.SUCCEEDED
                && e.getStatus().getObservedGeneration() != null && e.getStatus().getObservedGeneration().equals(e.getMetadata().getGeneration());
    }

    /** The value of one exported sample; fails the assertion when it is absent. */
    private static double value(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        String name = sample.contains("{") ? sample.substring(0, sample.indexOf('{')) : sample;
        throw new AssertionError("no sample " + sample + " in /metrics; samples of " + name + ": "
                + java.util.Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith(name)).toList());
    }
}

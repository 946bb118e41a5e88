package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import io.kfpoperator.controller.testing.RefusingClient;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the controller writes to converge a resource, counted at the API server: a finalizer where
 * one is needed and one status write with the result, none for the in-flight state of a call
 * answered at once; and a failure that escapes a reconcile ends in a status and an Event that say
 * what happened, then is retried until it passes.
 */
class StatusWritesIT extends ControllerTestBase {

    private static final String PIPELINES = "/apis/pipelines.kubeflow.org/v1beta1/namespaces/default/pipelines";
    private static final String RUN_CONFIGURATIONS = "/apis/pipelines.kubeflow.org/v1beta1/namespaces/default/runconfigurations";
    private static final String RUNS = "/apis/pipelines.kubeflow.org/v1beta1/namespaces/default/runs";

    @Override
    protected OperatorConfig config() {
        return ConfigLoader.load(null, Map.of("spec.retry.initial", "200ms", "spec.retry.max", "1s"));
    }

    private List<String> writesTo(String path) {
        return harness.takeApiWrites().stream().filter(w -> w.contains(path + "/") || w.endsWith(path)).toList();
    }

    @Test
    void aPipelineConvergesWithItsFinalizerAndOneStatusWrite() {
        harness.takeApiWrites();

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);

        List<String> writes = new java.util.ArrayList<>(writesTo(PIPELINES));
        // Seen once on a loaded CI machine: the finalizer patch sent twice, most likely JOSDK retrying
        // a 409 on it (its conflictRetryingPatch; the recorder does not see answers). Twice applied would
        // show as a repeated finalizer below.
        if (writes.size() > 2 && writes.get(1).equals(writes.get(2))) {
            writes.remove(2);
        }
        assertThat(writes).containsExactly(
                "POST " + PIPELINES,
                "PATCH " + PIPELINES + "/hello", // the finalizer (a JSON patch: see DeletedAtOnceIT)
                "PATCH " + PIPELINES + "/hello/status");
        assertThat(get(Pipeline.class, "hello").getMetadata().getFinalizers()).as("one finalizer, once").hasSize(1);
    }

    @Test
    void aRunConfigurationHasNoFinalizerAndWritesStatusOncePerChange() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.takeApiWrites();

        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: daily, namespace: default}
                spec:
                  run: {provider: kfp-operator/simulated, pipeline: hello}
                """);
        RunConfiguration rc = awaitState(RunConfiguration.class, "daily", SynchronizationState.SUCCEEDED);

        assertThat(rc.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(writesTo(RUN_CONFIGURATIONS + "/daily")).containsExactly("PATCH " + RUN_CONFIGURATIONS + "/daily/status");
    }

    @Test
    void aRunWhosePipelineIsReadyIsSubmittedWithOneStatusWrite() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.takeApiWrites();

        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);
        Run run = awaitState(Run.class, "once", SynchronizationState.SUCCEEDED);

        assertThat(run.getStatus().getDependencies().getPipeline().getVersion()).isNotEmpty();
        assertThat(writesTo(RUNS)).containsExactly("POST " + RUNS, "PATCH " + RUNS + "/once",
                "PATCH " + RUNS + "/once/status");
    }

    @Test
    void anApiFailureDuringAReconcileIsShownInStatusAndAnEventThenRetried() throws IOException {
        harness.stopController();
        AtomicBoolean refuseProviderReads = new AtomicBoolean(true);
        try (KubernetesClient faulty = RefusingClient.of(harness.client,
                request -> refuseProviderReads.get() && request.method().equals("GET") && request.uri().getPath().endsWith("/providers/simulated"))) {
            OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)),
                    config().spec());
            Operator operator = KfpOperatorController.operator(faulty, single, ProviderEndpoints.fixed(harness.providerService.localUri()),
                    Clock.systemUTC());
            operator.start();
            try {
                harness.apply(Manifests.staticPipeline("hello", "hello:v1"));

                Pipeline failing = awaitResource(Pipeline.class, "hello", p -> messageOf(p).matches(".*\\(attempt [2-9], retrying\\)"));
                assertThat(messageOf(failing)).startsWith("could not read Provider kfp-operator/simulated");
                assertThat(harness.platform.pipelines()).isEmpty();
                eventually().until(() -> events("hello").stream().anyMatch(e -> "ReconcileFailed".equals(e.getReason())
                        && "Warning".equals(e.getType()) && e.getMessage().startsWith("could not read Provider")));

                refuseProviderReads.set(false);

                Pipeline recovered = awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
                assertThat(messageOf(recovered)).isEmpty();
                assertThat(harness.platform.pipelines()).hasSize(1);
            } finally {
                operator.stop();
            }
        }
    }

    private List<Event> events(String name) {
        return harness.client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }
}

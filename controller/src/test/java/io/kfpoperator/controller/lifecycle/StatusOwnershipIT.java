package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import io.kfpoperator.api.v1beta1.Dependencies;
import io.kfpoperator.api.v1beta1.LatestRuns;
import io.kfpoperator.api.v1beta1.PipelineDependency;
import io.kfpoperator.api.v1beta1.ProviderAndId;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationStatus;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.RunStatus;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.DirectExecutionEngine;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.run.RunReconciler;
import io.kfpoperator.controller.runconfiguration.RunConfigurationReconciler;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.ControllerTestBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reconcile works from a cached copy; a completion recorded on the server meanwhile (by the
 * run-completion endpoint) must survive the reconcile's status write. Regression: the write used
 * to replace the whole status and erase completionState / latestRuns.
 */
class StatusOwnershipIT {

    private ControllerHarness harness;
    private ControllerServices services;

    @BeforeEach
    void start() {
        harness = new ControllerHarness().createNamespaces(ControllerTestBase.PROVIDER_NAMESPACE);
        harness.apply(ControllerTestBase.PROVIDER);
        services = new ControllerServices(harness.client,
                new DirectExecutionEngine(ProviderEndpoints.fixed(harness.providerService.localUri()), new ProviderServiceClient(Duration.ofSeconds(5)), 1),
                new EventRecorder(harness.client, Clock.systemUTC()), Clock.systemUTC(), OperatorConfig.defaults());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void runReconcileFromAStaleCopyKeepsTheRecordedCompletion() {
        Run run = harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: "hello:v1-abcdef"}
                """);
        RunStatus stale = new RunStatus();
        stale.setVersion(Versions.run(run.getSpec(), "v1-abcdef"));
        stale.setProvider(new ProviderAndId().withName("kfp-operator/simulated").withId("run-1"));
        stale.setDependencies(new Dependencies().withPipeline(new PipelineDependency().withVersion("v1-abcdef")));
        stale.setConditions(new ArrayList<>(List.of(
                Conditions.synchronizedCondition(SynchronizationState.SUCCEEDED, "", 1L, Instant.now()),
                Conditions.condition(Conditions.PARAMETERS_RESOLVED, ConditionStatus.FALSE, "PipelineNotReady", "waiting", 1L, Instant.now()))));
        Run onServer = harness.client.resources(Run.class).inNamespace("default").withName("once").editStatus(r -> {
            RunStatus recorded = harness.client.getKubernetesSerialization().clone(stale);
            recorded.setCompletionState("Succeeded");
            r.setStatus(recorded);
            return r;
        });
        Run cached = harness.client.getKubernetesSerialization().clone(onServer);
        cached.setStatus(stale);

        new RunReconciler(services).reconcile(cached, null);

        RunStatus after = harness.client.resources(Run.class).inNamespace("default").withName("once").get().getStatus();
        assertThat(Conditions.find(after.getConditions(), Conditions.PARAMETERS_RESOLVED)).as("the reconcile did write").isEmpty();
        assertThat(after.getCompletionState()).isEqualTo("Succeeded");
    }

    @Test
    void runConfigurationReconcileFromAStaleCopyKeepsTheLatestSucceededRun() {
        RunConfiguration rc = harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: base, namespace: default}
                spec:
                  run: {provider: kfp-operator/simulated, pipeline: "hello:v1-abcdef"}
                """);
        harness.client.resources(RunConfiguration.class).inNamespace("default").withName("base").editStatus(r -> {
            RunConfigurationStatus recorded = new RunConfigurationStatus();
            recorded.setLatestRuns(new LatestRuns().withSucceeded(new RunReference().withProviderId("run-7")
                    .withArtifacts(List.of(new Artifact().withName("model").withLocation("gs://m/7")))));
            r.setStatus(recorded);
            return r;
        });

        new RunConfigurationReconciler(services).reconcile(rc, null);

        RunConfigurationStatus after = harness.client.resources(RunConfiguration.class).inNamespace("default").withName("base").get().getStatus();
        // Pipeline 'hello' does not exist here, which the reconcile records: what matters is that it wrote, and kept latestRuns.
        assertThat(Conditions.synchronizationState(after.getConditions())).as("the reconcile did write").isEqualTo(SynchronizationState.FAILED);
        assertThat(Conditions.synchronizationMessage(after.getConditions())).isEqualTo("Pipeline 'hello' does not exist");
        assertThat(after.getLatestRuns().getSucceeded().getProviderId()).isEqualTo("run-7");
    }
}

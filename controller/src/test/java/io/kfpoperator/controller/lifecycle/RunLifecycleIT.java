package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.v1beta1.RunStatus;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLifecycleIT extends ControllerTestBase {

    @Override
    protected OperatorConfig config() {
        return ConfigLoader.load(null, Map.of("spec.runCompletionTTL", "2s"));
    }

    private static String run(String name, String pipeline) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: %s, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  pipeline: %s
                  parameters: [{name: message, value: once}]
                  artifacts: [{name: greeting, path: "echo:output"}]
                """.formatted(name, pipeline);
    }

    @Test
    void runWaitsForItsPipelineThenRunsOnceAndIsDeletedAfterTheTtl() {
        harness.apply(run("once", "hello"));
        Run waiting = awaitResource(Run.class, "once", r -> Conditions.find(conditions(r), Conditions.PARAMETERS_RESOLVED).isPresent());
        // It does not exist yet: the Run says so (PipelineNotReady is for a Pipeline that exists but has not succeeded).
        assertThat(Conditions.find(conditions(waiting), Conditions.PARAMETERS_RESOLVED).orElseThrow().getReason()).isEqualTo("PipelineNotFound");
        assertThat(harness.platform.runs()).isEmpty();

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        String pipelineVersion = awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED).getStatus().getVersion();

        Run submitted = awaitState(Run.class, "once", SynchronizationState.SUCCEEDED);
        assertThat(submitted.getStatus().getDependencies().getPipeline().getVersion()).isEqualTo(pipelineVersion);
        assertThat(Conditions.find(conditions(submitted), Conditions.PARAMETERS_RESOLVED)).isEmpty();
        assertThat(harness.platform.runs()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(submitted.getStatus().getProvider().getId());
            assertThat(r.name()).isEqualTo("default/once");
            assertThat(r.pipelineVersion()).isEqualTo(pipelineVersion);
            assertThat(r.parameters()).containsEntry("message", "once");
        });

        // What the run-completion endpoint records when the platform reports the run finished.
        harness.client.resources(Run.class).inNamespace("default").withName("once").editStatus(r -> {
            RunStatus status = r.getStatus();
            status.setCompletionState("Succeeded");
            return r;
        });
        Run completed = awaitResource(Run.class, "once", r -> r.getStatus().getMarkedCompletedAt() != null);
        assertThat(completed.getStatus().getCompletionState()).isEqualTo("Succeeded");

        eventually().until(() -> get(Run.class, "once") == null);
        assertThat(harness.platform.runs()).isEmpty();
    }

    @Test
    void runWithAFixedPipelineVersionUsesIt() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        String version = awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED).getStatus().getVersion();
        harness.apply(Manifests.staticPipeline("hello", "hello:v2"));
        awaitResource(Pipeline.class, "hello", p -> p.getStatus().getVersion().startsWith("v2-") && stateOf(p) == SynchronizationState.SUCCEEDED);

        harness.apply(run("pinned", "hello:" + version));

        awaitState(Run.class, "pinned", SynchronizationState.SUCCEEDED);
        assertThat(harness.platform.runs()).singleElement().satisfies(r -> assertThat(r.pipelineVersion()).isEqualTo(version));
    }

    @Test
    void runScheduleAppliedByHandFollowsThePipelineAndIsDeleted() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunSchedule
                metadata: {name: nightly, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  pipeline: hello
                  parameters: [{name: message, value: night}]
                  schedule: {cronExpression: "0 2 * * *", startTime: "2026-01-01T00:00:00Z"}
                """);

        RunSchedule created = awaitState(RunSchedule.class, "nightly", SynchronizationState.SUCCEEDED);
        assertThat(harness.platform.runSchedules()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(created.getStatus().getProvider().getId());
            assertThat(s.definition().triggerIndicator().type()).isEqualTo("schedule");
            assertThat(s.definition().parameters()).containsEntry("message", "night");
        });

        harness.client.resource(created).delete();
        eventually().until(() -> get(RunSchedule.class, "nightly") == null);
        assertThat(harness.platform.runSchedules()).isEmpty();
    }
}

package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Failures of the platform are retried, never silent, never destructive. */
class FaultToleranceIT extends ControllerTestBase {

    @Override
    protected OperatorConfig config() {
        // Short backoff keeps the test quick; the behaviour is the same at production values.
        return ConfigLoader.load(null, Map.of("spec.retry.initial", "50ms", "spec.retry.max", "500ms"));
    }

    @Test
    void everythingConvergesThroughErrorsAndLatencyWithoutDuplicates() {
        harness.platform.setErrorRate(0.3);
        harness.platform.setLatency(Duration.ofSeconds(2));

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        harness.apply(Manifests.experiment("exp", "flaky"));
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: hourly, namespace: default}
                spec:
                  run: {provider: kfp-operator/simulated, pipeline: hello}
                  triggers:
                    schedules: [{cronExpression: "0 * * * *"}]
                """);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);

        Set<String> messages = ConcurrentHashMap.newKeySet();
        eventually().atMost(Duration.ofSeconds(120)).until(() -> {
            List.of(get(Pipeline.class, "hello"), get(Experiment.class, "exp"), get(Run.class, "once"))
                    .forEach(r -> messages.add(messageOf(r)));
            return stateOf(get(Pipeline.class, "hello")) == SynchronizationState.SUCCEEDED
                    && stateOf(get(Experiment.class, "exp")) == SynchronizationState.SUCCEEDED
                    && stateOf(get(Run.class, "once")) == SynchronizationState.SUCCEEDED
                    && stateOf(get(RunConfiguration.class, "hourly")) == SynchronizationState.SUCCEEDED;
        });

        assertThat(harness.platform.pipelines()).hasSize(1);
        assertThat(harness.platform.experiments()).hasSize(1);
        assertThat(harness.platform.runs()).hasSize(1);
        assertThat(harness.platform.runSchedules()).hasSize(1);
        assertThat(harness.client.resources(RunSchedule.class).inNamespace("default").list().getItems()).hasSize(1)
                .allSatisfy(rs -> assertThat(rs.getMetadata().getDeletionTimestamp()).isNull());
    }

    @Test
    void transientFailuresAreRetriedAndSaySoInTheCondition() {
        harness.platform.setErrorRate(1.0);
        harness.apply(Manifests.experiment("exp", "down"));

        // A second attempt or later: attempts come every 50 to 500 ms, so a poll can miss attempt 2's message itself.
        java.util.regex.Pattern retried = java.util.regex.Pattern.compile("\\(attempt ([2-9]|\\d{2,}), retrying\\)");
        Experiment retrying = awaitResource(Experiment.class, "exp", e -> retried.matcher(messageOf(e)).find());
        assertThat(messageOf(retrying)).contains("injected failure of create experiment");
        assertThat(stateOf(retrying)).isEqualTo(SynchronizationState.CREATING);
        assertThat(harness.platform.experiments()).isEmpty();

        harness.platform.setErrorRate(0.0);

        awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        assertThat(harness.platform.experiments()).hasSize(1);
    }

    @Test
    void scheduleUpdateRejectedByThePlatformLeavesTheOldScheduleRunning() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        String version = awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED).getStatus().getVersion();
        String schedule = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunSchedule
                metadata: {name: nightly, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  pipeline: "hello:%s"
                  schedule: {cronExpression: "0 2 * * *"}
                """;
        harness.apply(schedule.formatted(version));
        RunSchedule working = awaitState(RunSchedule.class, "nightly", SynchronizationState.SUCCEEDED);
        String id = working.getStatus().getProvider().getId();

        harness.apply(schedule.formatted("no-such-version"));

        RunSchedule failed = awaitState(RunSchedule.class, "nightly", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("no-such-version");
        assertThat(failed.getStatus().getProvider().getId()).isEqualTo(id);
        assertThat(harness.platform.runSchedules()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.definition().pipelineVersion()).isEqualTo(version);
        });
    }

    @Test
    void controllerStoppedMidCreateAndRestartedMakesExactlyOnePlatformObject() {
        harness.platform.setLatency(Duration.ofSeconds(2));
        harness.apply(Manifests.experiment("exp", "slow"));
        // The Syncing Event is staged just before the provider call: the call is now in flight.
        eventually().until(() -> harness.client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "exp".equals(e.getInvolvedObject().getName()) && "Syncing".equals(e.getReason())));

        harness.stopController();
        harness.platform.setLatency(Duration.ZERO);
        harness.startController(config());

        Experiment done = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        assertThat(harness.platform.experiments()).singleElement()
                .satisfies(e -> assertThat(e.id()).isEqualTo(done.getStatus().getProvider().getId()));
    }

    @Test
    void reconcilingUnchangedResourcesMakesNoApiWriteAndNoProviderCall() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        harness.apply(Manifests.experiment("exp", "steady"));
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: hourly, namespace: default}
                spec:
                  run: {provider: kfp-operator/simulated, pipeline: hello}
                  triggers:
                    schedules: [{cronExpression: "0 * * * *"}]
                """);
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
        awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        harness.stopController();
        harness.takeApiWrites();
        long callsBefore = harness.providerCalls();

        // A restart reconciles every resource once more.
        harness.startController(config());
        harness.apply(Manifests.experiment("marker", "proves the controller is running"));
        awaitState(Experiment.class, "marker", SynchronizationState.SUCCEEDED);

        List<String> writes = new java.util.ArrayList<>(harness.takeApiWrites());
        writes.removeIf(w -> w.contains("/experiments/marker"));
        assertThat(writes).as("writes besides creating the marker").containsExactly(
                "POST /apis/pipelines.kubeflow.org/v1beta1/namespaces/default/experiments");
        assertThat(harness.providerCalls() - callsBefore).isEqualTo(1);
    }
}

package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.LatestRuns;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationStatus;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import io.kfpoperator.provider.simulated.SimulatedRunSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when something a resource names goes away, or never was: a Pipeline, a
 * RunConfiguration it takes parameters from or is triggered by, a Provider. The dependant says so
 * in its state, starts nothing that cannot run, stops its schedules, and carries on by itself once
 * the dependency exists again.
 */
class DependenciesGoneIT extends ControllerTestBase {

    private static final String HOURLY = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: RunConfiguration
            metadata: {name: hourly, namespace: default}
            spec:
              run:
                provider: kfp-operator/simulated
                pipeline: hello
                parameters: [{name: message, value: hi}]
              triggers:
                schedules: [{cronExpression: "* * * * *"}]
                runConfigurations: [base]
            """;

    private static final String BASE = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: RunConfiguration
            metadata: {name: base, namespace: default}
            spec:
              run: {provider: kfp-operator/simulated, pipeline: hello}
            """;

    private List<RunSchedule> schedules() {
        return harness.client.resources(RunSchedule.class).inNamespace("default").list().getItems();
    }

    private List<Run> runs() {
        return harness.client.resources(Run.class).inNamespace("default").list().getItems();
    }

    private static Condition waitingFor(Object resource) {
        return Conditions.find(conditions((io.fabric8.kubernetes.client.CustomResource<?, ?>) resource), Conditions.PARAMETERS_RESOLVED)
                .orElse(null);
    }

    private void succeed(String runConfiguration, String providerId, String artifact, String location) {
        harness.client.resources(RunConfiguration.class).inNamespace("default").withName(runConfiguration).editStatus(rc -> {
            RunConfigurationStatus status = rc.getStatus() == null ? new RunConfigurationStatus() : rc.getStatus();
            status.setLatestRuns(new LatestRuns().withSucceeded(new RunReference().withProviderId(providerId)
                    .withArtifacts(artifact == null ? null : List.of(new Artifact().withName(artifact).withLocation(location)))));
            rc.setStatus(status);
            return rc;
        });
    }

    private void pipeline() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
    }

    /** Pipeline hello, RunConfiguration base, and hourly (a schedule, triggered by base) Succeeded. */
    private void pipelineAndHourly() {
        pipeline();
        harness.apply(BASE);
        harness.apply(HOURLY);
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
    }

    private void deletePipeline() {
        harness.client.resources(Pipeline.class).inNamespace("default").withName("hello").delete();
        eventually().until(() -> get(Pipeline.class, "hello") == null);
    }

    @Test
    void deletedPipelineFailsItsRunConfigurationSuspendsItsScheduleStartsNoRunsAndAllResumeWhenItIsBack() {
        pipelineAndHourly();
        awaitState(RunSchedule.class, schedules().get(0).getMetadata().getName(), SynchronizationState.SUCCEEDED);
        String scheduleId = harness.platform.runSchedules().get(0).id();

        deletePipeline();

        RunConfiguration failed = awaitState(RunConfiguration.class, "hourly", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("Pipeline 'hello' does not exist: its schedules are suspended");
        assertThat(waitingFor(failed).getReason()).isEqualTo("PipelineNotFound");
        RunSchedule suspended = awaitResource(RunSchedule.class, schedules().get(0).getMetadata().getName(),
                rs -> Boolean.TRUE.equals(rs.getStatus().getSuspended()));
        assertThat(stateOf(suspended)).isEqualTo(SynchronizationState.SUCCEEDED);
        assertThat(waitingFor(suspended).getMessage()).isEqualTo("Pipeline 'hello' does not exist: the schedule is suspended on its platform");
        assertThat(harness.platform.runSchedules()).singleElement().satisfies(s -> {
            assertThat(s.id()).as("the same schedule, suspended, not a new one").isEqualTo(scheduleId);
            assertThat(s.definition().isSuspended()).isTrue();
        });
        assertThat(schedules()).as("the RunSchedule is kept, not replaced").hasSize(1);

        // A trigger fires while the pipeline is gone: no Run that could never start.
        succeed("base", "run-1", null, null);
        eventually().during(java.time.Duration.ofSeconds(2)).until(() -> runs().isEmpty());

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));

        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
        RunSchedule resumed = awaitResource(RunSchedule.class, schedules().get(0).getMetadata().getName(),
                rs -> rs.getStatus().getSuspended() == null && stateOf(rs) == SynchronizationState.SUCCEEDED);
        assertThat(waitingFor(resumed)).isNull();
        eventually().until(() -> harness.platform.runSchedules().stream().noneMatch(s -> s.definition().isSuspended()));
        assertThat(harness.platform.runSchedules()).singleElement().extracting(SimulatedRunSchedule::id).isEqualTo(scheduleId);
        assertThat(waitingFor(get(RunConfiguration.class, "hourly"))).isNull();
        // The trigger that came while it was gone is acted on once, now that the Run can start.
        eventually().until(() -> runs().size() == 1);
        assertThat(runs().get(0).getMetadata().getLabels()).containsEntry("pipelines.kubeflow.org/trigger-source", "base");
    }

    @Test
    void runOfAPipelineThatDoesNotExistFailsSayingSoAndStartsWhenItIsCreated() {
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);

        Run failed = awaitState(Run.class, "once", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("Pipeline 'hello' does not exist");
        assertThat(waitingFor(failed).getReason()).isEqualTo("PipelineNotFound");
        assertThat(harness.platform.runs()).isEmpty();

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));

        Run started = awaitState(Run.class, "once", SynchronizationState.SUCCEEDED);
        assertThat(waitingFor(started)).isNull();
        assertThat(harness.platform.runs()).hasSize(1);
    }

    @Test
    void runOfAPipelineThatExistsButHasNotSucceededWaitsWithoutFailing() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1").replace("examples/pipelines/hello-world.yaml", "no/such/file.yaml"));
        awaitState(Pipeline.class, "hello", SynchronizationState.FAILED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);

        Run waiting = awaitResource(Run.class, "once", r -> waitingFor(r) != null);
        assertThat(waitingFor(waiting).getReason()).isEqualTo("PipelineNotReady");
        assertThat(waitingFor(waiting).getMessage()).isEqualTo("waiting for Pipeline 'hello' to succeed");
        assertThat(stateOf(waiting)).isEqualTo(SynchronizationState.UNKNOWN);
    }

    @Test
    void parameterFromARunConfigurationThatDoesNotExistSaysSoAndResolvesWhenItAppears() {
        pipeline();
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: dependent, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters:
                      - name: message
                        valueFrom: {runConfigurationRef: {name: base, outputArtifact: model}}
                  triggers:
                    schedules: [{cronExpression: "0 * * * *"}]
                """);

        RunConfiguration failed = awaitState(RunConfiguration.class, "dependent", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("RunConfiguration 'base' does not exist");
        assertThat(waitingFor(failed).getReason()).isEqualTo("RunConfigurationNotFound");
        assertThat(waitingFor(failed).getMessage())
                .isEqualTo("parameter 'message': waiting for artifact 'model' of RunConfiguration 'base', which does not exist");

        harness.apply(BASE);
        RunConfiguration waiting = awaitResource(RunConfiguration.class, "dependent",
                rc -> waitingFor(rc) != null && "DependencyNotReady".equals(waitingFor(rc).getReason()));
        assertThat(waitingFor(waiting).getMessage())
                .isEqualTo("parameter 'message': waiting for artifact 'model' of RunConfiguration 'base', which has no succeeded run yet");
        assertThat(stateOf(waiting)).as("no stale Failed once it exists").isNotEqualTo(SynchronizationState.FAILED);

        succeed("base", "run-7", "model", "gs://models/7");
        awaitState(RunConfiguration.class, "dependent", SynchronizationState.SUCCEEDED);
        assertThat(schedules()).singleElement().satisfies(rs -> assertThat(rs.getSpec().getParameters())
                .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo("gs://models/7")));
    }

    @Test
    void triggerRunConfigurationThatIsDeletedIsShownAndItsReturnClearsIt() {
        pipelineAndHourly();

        harness.client.resources(RunConfiguration.class).inNamespace("default").withName("base").delete();

        RunConfiguration failed = awaitState(RunConfiguration.class, "hourly", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("RunConfiguration 'base' does not exist");
        assertThat(harness.platform.runSchedules()).as("its own schedule still runs").singleElement()
                .satisfies(s -> assertThat(s.definition().isSuspended()).isFalse());

        harness.apply(BASE);
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
    }

    @Test
    void deletedProviderFailsItsDependantsSayingSoAndTheyRecoverWhenItIsBack() {
        pipeline();
        harness.apply(BASE);
        awaitState(RunConfiguration.class, "base", SynchronizationState.SUCCEEDED);

        harness.client.resources(Provider.class).inNamespace(PROVIDER_NAMESPACE).withName("simulated").delete();
        eventually().until(() -> harness.client.resources(Provider.class).inNamespace(PROVIDER_NAMESPACE).withName("simulated").get() == null);
        harness.apply(BASE.replace("name: base", "name: later"));

        assertThat(messageOf(awaitState(RunConfiguration.class, "later", SynchronizationState.FAILED)))
                .isEqualTo("spec.run.provider: Provider 'kfp-operator/simulated' does not exist");

        harness.apply(PROVIDER);
        awaitState(RunConfiguration.class, "later", SynchronizationState.SUCCEEDED);
    }

    @Test
    void unresolvableParameterStillLetsScheduleChangesThroughWithTheValueLastResolved() {
        pipeline();
        harness.apply(BASE);
        succeed("base", "run-1", "model", "gs://models/1");
        String dependent = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: dependent, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters:
                      - name: model
                        valueFrom: {runConfigurationRef: {name: base, outputArtifact: model}}
                      - {name: greeting, value: hello}
                  triggers:
                    schedules:
                %s
                """;
        harness.apply(dependent.formatted("      - cronExpression: \"0 * * * *\"\n      - cronExpression: \"0 2 * * *\""));
        awaitState(RunConfiguration.class, "dependent", SynchronizationState.SUCCEEDED);
        eventually().until(() -> harness.platform.runSchedules().size() == 2);

        // base's latest run has no model: the reference cannot be resolved now.
        succeed("base", "run-2", null, null);
        RunConfiguration waiting = awaitResource(RunConfiguration.class, "dependent", rc -> waitingFor(rc) != null);
        assertThat(waitingFor(waiting).getMessage()).isEqualTo("parameter 'model': waiting for artifact 'model' of RunConfiguration 'base',"
                + " not found in its latest succeeded run 'run-2'; schedules keep the values they were last given");

        // Still applied meanwhile: a schedule removed, one changed, one added, a plain value changed.
        harness.apply(dependent.formatted("      - cronExpression: \"0 3 * * *\"\n      - cronExpression: \"0 * * * *\"")
                .replace("value: hello", "value: bonjour"));

        eventually().until(() -> harness.platform.runSchedules().stream().map(s -> s.definition().schedule().cronExpression()).sorted().toList()
                .equals(List.of("0 * * * *", "0 3 * * *")));
        eventually().until(() -> stateOf(get(RunConfiguration.class, "dependent")) == SynchronizationState.SUCCEEDED
                && harness.platform.runSchedules().size() == 2);
        assertThat(harness.platform.runSchedules()).allSatisfy(s -> assertThat(s.definition().parameters())
                .containsEntry("model", "gs://models/1").containsEntry("greeting", "bonjour"));
        assertThat(waitingFor(get(RunConfiguration.class, "dependent"))).as("still says what waits").isNotNull();
    }
}

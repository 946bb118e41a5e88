package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.LatestRuns;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationStatus;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunConfigurationLifecycleIT extends ControllerTestBase {

    @BeforeEach
    void pipeline() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
    }

    private static String runConfiguration(String name, String triggers) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: %s, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters: [{name: message, value: hi}]
                  triggers:
                %s
                """.formatted(name, triggers.indent(4));
    }

    private List<RunSchedule> schedules() {
        return harness.client.resources(RunSchedule.class).inNamespace("default").list().getItems();
    }

    private List<Run> runs() {
        return harness.client.resources(Run.class).inNamespace("default").list().getItems();
    }

    @Test
    void eachScheduleBecomesARunScheduleOnThePlatformAndRemovingOneRemovesIt() {
        harness.apply(runConfiguration("hourly", """
                schedules:
                  - cronExpression: "0 * * * *"
                  - cronExpression: "30 2 * * *"
                """));

        RunConfiguration rc = awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
        assertThat(rc.getStatus().getProvider()).isEqualTo("kfp-operator/simulated");
        String pipelineVersion = get(Pipeline.class, "hello").getStatus().getVersion();
        assertThat(rc.getStatus().getDependencies().getPipeline().getVersion()).isEqualTo(pipelineVersion);
        assertThat(schedules()).hasSize(2).allSatisfy(rs -> {
            assertThat(rs.getSpec().getPipeline()).isEqualTo("hello:" + pipelineVersion);
            assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getName()).isEqualTo("hourly"));
            assertThat(stateOf(rs)).isEqualTo(SynchronizationState.SUCCEEDED);
        });
        assertThat(harness.platform.runSchedules()).hasSize(2)
                .allSatisfy(s -> assertThat(s.definition().runConfigurationName()).isEqualTo("default/hourly"));

        harness.apply(runConfiguration("hourly", """
                schedules:
                  - cronExpression: "30 2 * * *"
                """));

        eventually().until(() -> schedules().size() == 1 && harness.platform.runSchedules().size() == 1);
        assertThat(harness.platform.runSchedules().get(0).definition().schedule().cronExpression()).isEqualTo("30 2 * * *");
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
    }

    @Test
    void newPipelineVersionStartsExactlyOneRunWithThatVersion() {
        harness.apply(runConfiguration("follow", "onChange: [pipeline]"));
        // Upstream starts a run when it first sees the pipeline version, too.
        eventually().until(() -> runs().size() == 1);

        harness.apply(Manifests.staticPipeline("hello", "hello:v2"));
        Pipeline v2 = awaitResource(Pipeline.class, "hello",
                p -> stateOf(p) == SynchronizationState.SUCCEEDED && p.getStatus().getVersion().startsWith("v2-"));

        eventually().until(() -> runs().size() == 2);
        Run triggered = runs().stream().filter(r -> r.getSpec().getPipeline().endsWith(v2.getStatus().getVersion())).findFirst().orElseThrow();
        assertThat(triggered.getMetadata().getLabels())
                .containsEntry("pipelines.kubeflow.org/trigger-type", "onChangePipeline")
                .containsEntry("pipelines.kubeflow.org/trigger-source", "hello")
                .containsEntry("pipelines.kubeflow.org/runconfiguration.name", "follow");
        eventually().until(() -> harness.platform.runs().stream().anyMatch(r -> v2.getStatus().getVersion().equals(r.pipelineVersion())));
        RunConfiguration rc = get(RunConfiguration.class, "follow");
        assertThat(rc.getStatus().getTriggers().getPipeline().getVersion()).isEqualTo(v2.getStatus().getVersion());
        assertThat(runs()).hasSize(2);
    }

    @Test
    void dependentRunConfigurationRunsWithTheArtifactOfItsDependency() {
        harness.apply(runConfiguration("base", "onChange: []"));
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
                    runConfigurations: [base]
                """);
        RunConfiguration waiting = awaitResource(RunConfiguration.class, "dependent",
                rc -> Conditions.find(conditions(rc), Conditions.PARAMETERS_RESOLVED).isPresent());
        assertThat(Conditions.find(conditions(waiting), Conditions.PARAMETERS_RESOLVED).orElseThrow().getMessage())
                .isEqualTo("parameter 'message': waiting for artifact 'model' of RunConfiguration 'base', which has no succeeded run yet");
        assertThat(runs()).isEmpty();

        // What the run-completion endpoint records when base's run succeeds.
        harness.client.resources(RunConfiguration.class).inNamespace("default").withName("base").editStatus(rc -> {
            RunConfigurationStatus status = rc.getStatus() == null ? new RunConfigurationStatus() : rc.getStatus();
            status.setLatestRuns(new LatestRuns().withSucceeded(new RunReference().withProviderId("run-42")
                    .withArtifacts(List.of(new Artifact().withName("model").withLocation("gs://models/42")))));
            rc.setStatus(status);
            return rc;
        });

        eventually().until(() -> harness.platform.runs().stream().anyMatch(r -> "gs://models/42".equals(r.parameters().get("message"))));
        assertThat(runs()).singleElement().satisfies(run -> assertThat(run.getMetadata().getLabels())
                .containsEntry("pipelines.kubeflow.org/trigger-type", "runConfiguration")
                .containsEntry("pipelines.kubeflow.org/trigger-source", "base"));
        RunConfiguration resolved = awaitResource(RunConfiguration.class, "dependent",
                rc -> Conditions.find(conditions(rc), Conditions.PARAMETERS_RESOLVED).isEmpty());
        assertThat(resolved.getStatus().getDependencies().getRunConfigurations().get("base").getProviderId()).isEqualTo("run-42");
    }

    @Test
    void suspendingAndResumingAScheduleKeepsItsRunScheduleAndItsPlatformSchedule() {
        harness.apply(runConfiguration("paused", """
                schedules:
                  - {cronExpression: "*/10 * * * *", timeZone: Europe/London, concurrencyPolicy: Forbid, catchUp: true}
                """));
        awaitState(RunConfiguration.class, "paused", SynchronizationState.SUCCEEDED);
        eventually().until(() -> harness.platform.runSchedules().size() == 1);
        RunSchedule running = schedules().get(0);
        String platformId = harness.platform.runSchedules().get(0).id();
        assertThat(harness.platform.runSchedules().get(0).definition().schedule())
                .isEqualTo(new io.kfpoperator.provider.contract.Schedule("*/10 * * * *", null, null, "Europe/London", null, "Forbid", true));

        harness.apply(runConfiguration("paused", """
                schedules:
                  - {cronExpression: "*/10 * * * *", timeZone: Europe/London, concurrencyPolicy: Forbid, catchUp: true, suspend: true}
                """));
        eventually().until(() -> harness.platform.runSchedules().size() == 1
                && harness.platform.runSchedules().get(0).definition().schedule().suspended());
        assertThat(schedules()).as("the same RunSchedule, suspended in place").singleElement().satisfies(rs -> {
            assertThat(rs.getMetadata().getUid()).isEqualTo(running.getMetadata().getUid());
            assertThat(rs.getSpec().getSchedule().getSuspend()).isTrue();
        });
        assertThat(harness.platform.runSchedules().get(0).id()).as("the platform keeps the schedule").isEqualTo(platformId);
        awaitState(RunSchedule.class, running.getMetadata().getName(), SynchronizationState.SUCCEEDED);

        harness.apply(runConfiguration("paused", """
                schedules:
                  - {cronExpression: "*/10 * * * *", timeZone: Europe/London, concurrencyPolicy: Forbid, catchUp: true}
                """));
        eventually().until(() -> !harness.platform.runSchedules().get(0).definition().schedule().suspended());
        assertThat(schedules()).singleElement().satisfies(rs -> assertThat(rs.getMetadata().getUid()).isEqualTo(running.getMetadata().getUid()));
        assertThat(harness.platform.runSchedules()).singleElement().extracting(s -> s.id()).isEqualTo(platformId);
        awaitState(RunConfiguration.class, "paused", SynchronizationState.SUCCEEDED);
    }

    @Test
    void aScheduleWithOurFieldsStaysWhileANewParameterCannotBeResolved() {
        String schedule = "schedules:\n  - {cronExpression: \"30 6 * * 1-5\", timeZone: Europe/London, concurrencyPolicy: Forbid}\n";
        harness.apply(runConfiguration("weekdays", schedule));
        awaitState(RunConfiguration.class, "weekdays", SynchronizationState.SUCCEEDED);
        eventually().until(() -> schedules().size() == 1);
        String uid = schedules().get(0).getMetadata().getUid();

        // A parameter the schedules have no value for: they cannot be rebuilt, but the listed one is not removed.
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: weekdays, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters:
                      - {name: message, value: hi}
                      - name: model
                        valueFrom: {runConfigurationRef: {name: not-there, outputArtifact: model}}
                  triggers:
                %s
                """.formatted(schedule.indent(4)));
        awaitResource(RunConfiguration.class, "weekdays", rc -> Conditions.find(conditions(rc), Conditions.PARAMETERS_RESOLVED).isPresent());

        assertThat(schedules()).singleElement().satisfies(rs -> assertThat(rs.getMetadata().getUid()).isEqualTo(uid));
        assertThat(harness.platform.runSchedules()).hasSize(1);
    }

    @Test
    void duplicateSchedulesAreRefusedByTheCrdsRuleWithTheFieldPath() {
        io.fabric8.kubernetes.client.KubernetesClientException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class, () -> harness.apply(runConfiguration("twice", """
                        schedules:
                          - cronExpression: "0 * * * *"
                          - cronExpression: "0 * * * *"
                        """)));

        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).endsWith("is invalid: spec.triggers.schedules: Invalid value: duplicate schedule");
        assertThat(harness.client.resources(RunConfiguration.class).inNamespace("default").withName("twice").get()).isNull();
        assertThat(schedules()).isEmpty();
    }

    @Test
    void changedProviderFails() {
        harness.apply(runConfiguration("moving", "onChange: []"));
        awaitState(RunConfiguration.class, "moving", SynchronizationState.SUCCEEDED);
        harness.apply(PROVIDER.replace("name: simulated", "name: other"));

        harness.apply(runConfiguration("moving", "onChange: []").replace("kfp-operator/simulated", "kfp-operator/other"));

        RunConfiguration failed = awaitState(RunConfiguration.class, "moving", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("the provider has changed");
    }

    @Test
    void deletingARunConfigurationRemovesItsSchedulesFromThePlatform() {
        harness.apply(runConfiguration("doomed", """
                schedules:
                  - cronExpression: "0 * * * *"
                """));
        awaitState(RunConfiguration.class, "doomed", SynchronizationState.SUCCEEDED);
        assertThat(harness.platform.runSchedules()).hasSize(1);

        harness.client.resources(RunConfiguration.class).inNamespace("default").withName("doomed").delete();

        eventually().until(() -> get(RunConfiguration.class, "doomed") == null && schedules().isEmpty()
                && harness.platform.runSchedules().isEmpty());
    }

    @Test
    void schedulesWaitForThePipelineVersionAndAreCreatedOnce() {
        harness.takeApiWrites();
        harness.apply(runConfiguration("early", """
                schedules:
                  - cronExpression: "0 * * * *"
                """).replace("pipeline: hello", "pipeline: later"));

        RunConfiguration waiting = awaitResource(RunConfiguration.class, "early",
                rc -> Conditions.find(conditions(rc), Conditions.PARAMETERS_RESOLVED).isPresent());
        assertThat(Conditions.find(conditions(waiting), Conditions.PARAMETERS_RESOLVED).orElseThrow().getReason()).isEqualTo("PipelineNotFound");
        assertThat(schedules()).isEmpty();

        harness.apply(Manifests.staticPipeline("later", "later:v1"));

        awaitState(RunConfiguration.class, "early", SynchronizationState.SUCCEEDED);
        assertThat(schedules()).singleElement().satisfies(rs -> assertThat(rs.getSpec().getPipeline()).startsWith("later:v1-"));
        assertThat(harness.takeApiWrites().stream().filter(w -> w.startsWith("POST") && w.endsWith("/runschedules")))
                .as("RunSchedules ever created").hasSize(1);
    }
}

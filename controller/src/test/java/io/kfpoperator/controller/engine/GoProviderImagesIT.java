package io.kfpoperator.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.GoProviderStandIn;
import io.kfpoperator.controller.testing.Manifests;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Provider with {@code serviceContract: go}, served by a stand-in that answers as the Go
 * operator's provider images do: their 500s are read as they mean them, and a create whose
 * answer was lost is never sent twice.
 */
class GoProviderImagesIT extends ControllerTestBase {

    private final GoProviderStandIn goService = new GoProviderStandIn();

    @Override
    protected ProviderEndpoints endpoints() {
        return ProviderEndpoints.fixed(goService.uri());
    }

    @Override
    protected OperatorConfig config() {
        return ConfigLoader.load(null, Map.of("spec.retry.initial", "50ms", "spec.retry.max", "200ms"));
    }

    @Override
    protected void beforeControllerStarts() {
        harness.apply(Manifests.provider("simulated", "serviceContract: go"));
    }

    @AfterEach
    void stopStandIn() {
        goService.close();
    }

    @Test
    void aScheduleWhosePipelineIsDeletedSaysItKeepsFiringAndSynchronisesAgainWhenThePipelineIsBack() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunSchedule
                metadata: {name: nightly, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello, schedule: {cronExpression: "0 2 * * *"}}
                """);
        awaitState(RunSchedule.class, "nightly", SynchronizationState.SUCCEEDED);
        int updates = goService.calls("PUT", "runschedule");

        harness.client.resources(Pipeline.class).inNamespace("default").withName("hello").delete();

        RunSchedule failed = awaitResource(RunSchedule.class, "nightly", rs -> stateOf(rs) == SynchronizationState.FAILED
                && messageOf(rs).startsWith("Pipeline 'hello' does not exist"));
        assertThat(messageOf(failed)).isEqualTo(
                "Pipeline 'hello' does not exist: its schedule keeps firing (a Provider with serviceContract go cannot suspend it)");
        assertThat(failed.getStatus().getSuspended()).isNull();
        assertThat(goService.calls("PUT", "runschedule")).as("no suspension the Go image would ignore").isEqualTo(updates);

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(RunSchedule.class, "nightly", SynchronizationState.SUCCEEDED);
    }

    @Test
    void aPermanentGo500EndsFailedWithItsMessageAndIsNotRetried() {
        goService.answerNext("experiment", 500, "rpc error: code = InvalidArgument desc = Invalid input error: experiment name is too long");

        harness.apply(Manifests.experiment("exp", "refused"));

        Experiment failed = awaitState(Experiment.class, "exp", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("rpc error: code = InvalidArgument desc = Invalid input error: experiment name is too long");
        assertThat(goService.calls("POST", "experiment")).isEqualTo(1);
        assertThat(goService.objects("experiment")).isEmpty();
    }

    @Test
    void aGo500ThatNamesATransientCauseIsRetried() {
        goService.answerNext("experiment", 500, "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while"
                + " dialing: dial tcp 10.0.0.7:8887: connect: connection refused\"");

        harness.apply(Manifests.experiment("exp", "flaky"));

        Experiment synced = awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        assertThat(goService.calls("POST", "experiment")).isEqualTo(2);
        assertThat(goService.objects("experiment", "default/exp")).singleElement()
                .satisfies(o -> assertThat(o.id()).isEqualTo(synced.getStatus().getProvider().getId()));
    }

    @Test
    void aCreateWhoseAnswerWasLostIsNotSentAgainUntilTheUserSaysSo() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        goService.loseAnswerToNextCreate("run");

        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);

        Run failed = awaitState(Run.class, "once", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("may have created the object", "not sent again", "pipelines.kubeflow.org/retry");
        assertThat(goService.objects("run", "default/once")).hasSize(1);
        assertThat(goService.calls("POST", "run")).isEqualTo(1);
        // Further reconciles (a resync, a restart) send nothing either.
        harness.stopController();
        harness.startController(config(), endpoints());
        eventually().during(java.time.Duration.ofSeconds(2)).until(() -> goService.calls("POST", "run") == 1);

        // The user removes what the lost create made and asks again: one new run, recorded.
        goService.objects("run", "default/once").forEach(o -> goService.remove(o.id()));
        harness.client.resources(Run.class).inNamespace("default").withName("once")
                .edit(r -> {
                    r.getMetadata().getAnnotations().put("pipelines.kubeflow.org/retry", "1");
                    return r;
                });
        Run created = awaitState(Run.class, "once", SynchronizationState.SUCCEEDED);
        assertThat(goService.objects("run", "default/once")).singleElement()
                .satisfies(o -> assertThat(o.id()).isEqualTo(created.getStatus().getProvider().getId()));
        assertThat(created.getMetadata().getAnnotations()).doesNotContainKey(CreateJournal.CREATE_SENT_ANNOTATION);
    }

    @Test
    void aCreateInFlightWhenTheControllerStoppedIsNotSentAgain() {
        // What a controller that stopped between sending the create and reading its answer leaves.
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Experiment
                metadata:
                  name: exp
                  namespace: default
                  annotations: {pipelines.kubeflow.org/create-sent: ""}
                spec: {provider: kfp-operator/simulated, description: interrupted}
                """);

        Experiment failed = awaitState(Experiment.class, "exp", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("an earlier create's answer was never received", "not sent again");
        assertThat(goService.calls("POST", "experiment")).isZero();
    }
}

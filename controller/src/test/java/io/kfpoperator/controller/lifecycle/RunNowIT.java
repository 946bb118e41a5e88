package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kubectl annotate runconfiguration hourly pipelines.kubeflow.org/run-now=<token>`: one Run per new token, never two. */
class RunNowIT extends ControllerTestBase {

    private static final String RUN_NOW = "pipelines.kubeflow.org/run-now";

    @BeforeEach
    void runConfiguration() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: hourly, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters: [{name: message, value: hi}]
                  triggers:
                    schedules: [{cronExpression: "0 * * * *"}]
                """);
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
    }

    private List<Run> runs() {
        return harness.client.resources(Run.class).inNamespace("default").list().getItems();
    }

    /** As `kubectl annotate --overwrite` does it: a merge patch of the annotation, without a resourceVersion. */
    private void annotate(String key, String value) {
        harness.client.resources(RunConfiguration.class).inNamespace("default").withName("hourly")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
    }

    private static String runNowHandled(RunConfiguration rc) {
        return rc.getStatus() == null || rc.getStatus().getTriggers() == null ? null : rc.getStatus().getTriggers().getRunNow();
    }

    private void staysAt(int count) {
        eventually().during(Duration.ofSeconds(2)).until(() -> runs().size() == count);
    }

    @Test
    void eachNewTokenStartsOneLabelledRunAndTheSameTokenNoMore() {
        annotate(RUN_NOW, "2026-12-04T10:00:00Z");

        eventually().until(() -> runs().size() == 1);
        Run run = runs().get(0);
        assertThat(run.getMetadata().getLabels())
                .containsEntry("pipelines.kubeflow.org/trigger-type", "runNow")
                .containsEntry("pipelines.kubeflow.org/trigger-source", "hourly")
                .containsEntry("pipelines.kubeflow.org/trigger-source-namespace", "default")
                .containsEntry("pipelines.kubeflow.org/runconfiguration.name", "hourly");
        assertThat(run.getMetadata().getAnnotations()).containsEntry(RUN_NOW, "2026-12-04T10:00:00Z");
        awaitResource(RunConfiguration.class, "hourly", rc -> "2026-12-04T10:00:00Z".equals(runNowHandled(rc)));
        awaitState(Run.class, run.getMetadata().getName(), SynchronizationState.SUCCEEDED);
        assertThat(harness.platform.runs()).singleElement().satisfies(r -> assertThat(r.parameters()).containsEntry("message", "hi"));

        // Another annotation, or the same token written again, starts nothing.
        annotate("note", "unrelated");
        annotate(RUN_NOW, "2026-12-04T10:00:00Z");
        staysAt(1);

        annotate(RUN_NOW, "2026-12-04T11:00:00Z");
        eventually().until(() -> runs().size() == 2);
        awaitResource(RunConfiguration.class, "hourly", rc -> "2026-12-04T11:00:00Z".equals(runNowHandled(rc)));
        staysAt(2);
    }

    @Test
    void aRestartedControllerDoesNotStartAHandledTokenAgainAndAdoptsARunAlreadyMadeForANewOne() {
        annotate(RUN_NOW, "first");
        eventually().until(() -> runs().size() == 1);
        awaitResource(RunConfiguration.class, "hourly", rc -> "first".equals(runNowHandled(rc)));

        harness.stopController();
        // As if a controller had created the Run for "second" and stopped before recording it in status.
        annotate(RUN_NOW, "second");
        RunConfiguration rc = get(RunConfiguration.class, "hourly");
        Run made = new Run();
        made.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("hourly-made").withNamespace("default")
                .addToLabels("pipelines.kubeflow.org/runconfiguration.name", "hourly")
                .addToAnnotations(RUN_NOW, "second")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(rc.getApiVersion()).withKind(rc.getKind())
                        .withName("hourly").withUid(rc.getMetadata().getUid()).withController(true).build())
                .build());
        made.setSpec(runs().get(0).getSpec());
        harness.client.resource(made).create();
        harness.startController(config());

        awaitResource(RunConfiguration.class, "hourly", r -> "second".equals(runNowHandled(r)));
        staysAt(2);
        assertThat(runs()).extracting(r -> r.getMetadata().getAnnotations().get(RUN_NOW)).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void anInvalidTokenFailsTheRunConfigurationNamingTheAnnotationAndStartsNothing() {
        annotate(RUN_NOW, "x".repeat(129));

        RunConfiguration failed = awaitState(RunConfiguration.class, "hourly", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).isEqualTo("metadata.annotations[pipelines.kubeflow.org/run-now]: must be at most 128 characters (it is 129)");
        staysAt(0);

        annotate(RUN_NOW, "fixed");
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
        eventually().until(() -> runs().size() == 1);
    }

    @Test
    void aTokenGivenWhileThePipelineIsGoneStartsItsRunWhenThePipelineIsBack() {
        harness.client.resources(Pipeline.class).inNamespace("default").withName("hello").delete();
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.FAILED);

        annotate(RUN_NOW, "while-gone");
        staysAt(0);

        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        eventually().until(() -> runs().size() == 1);
        awaitResource(RunConfiguration.class, "hourly", rc -> "while-gone".equals(runNowHandled(rc)));
    }
}

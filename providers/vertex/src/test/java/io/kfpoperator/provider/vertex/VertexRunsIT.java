package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.PARENT;
import static io.kfpoperator.provider.vertex.VertexFixture.compiledPipeline;
import static io.kfpoperator.provider.vertex.VertexFixture.pipeline;
import static io.kfpoperator.provider.vertex.VertexFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VertexRunsIT {

    private final VertexFixture fixture = new VertexFixture(Map.of(
            VertexSettings.JOB_SERVICE_ACCOUNT, "runner@ml-project.iam.gserviceaccount.com",
            VertexSettings.NETWORK_ATTACHMENT, "projects/ml-project/regions/europe-west2/networkAttachments/ml"));
    private final VertexPlatform platform = fixture.platform();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aRunIsAPipelineJobFromTheTemplate() {
        fixture.createPipeline("team-a/training", "v1");

        String id = platform.createRun(new RunDefinition("team-a/training-run", "v1", "team-a/training", "v1",
                "team-a/nightly", "", Map.of("learning_rate", "0.1", "epochs", "5"), List.of(), null));

        assertThat(id).isEqualTo("team-a-training-run");
        PipelineJob job = fixture.vertex.job("team-a-training-run-v1");
        assertThat(job.getName()).isEqualTo(PARENT + "/pipelineJobs/team-a-training-run-v1");
        assertThat(job.getTemplateUri()).isEqualTo("gs://pipeline-templates/team-a/training/v1");
        assertThat(job.getRuntimeConfig().getGcsOutputDirectory()).isEqualTo("gs://pipeline-root/team-a/training");
        assertThat(job.getRuntimeConfig().getParameterValuesMap()).containsOnlyKeys("learning_rate", "epochs");
        assertThat(job.getRuntimeConfig().getParameterValuesMap().get("epochs").getStringValue()).isEqualTo("5");
        assertThat(job.getServiceAccount()).isEqualTo("runner@ml-project.iam.gserviceaccount.com");
        assertThat(job.getPscInterfaceConfig().getNetworkAttachment()).endsWith("/networkAttachments/ml");
        assertThat(job.getLabelsMap()).containsAllEntriesOf(Map.of(
                "provider-name", "vertex-ai",
                "provider-namespace", "kfp-operator-system",
                "pipeline-name", "training",
                "pipeline-namespace", "team-a",
                "pipeline-version", "v1",
                "runconfiguration-name", "nightly",
                "runconfiguration-namespace", "team-a",
                "run-name", "training-run",
                "run-namespace", "team-a",
                "schema_version", "2-1-0"));
        assertThat(job.getLabelsMap()).doesNotContainKeys("trigger-type");
    }

    @Test
    @SuppressWarnings("deprecation") // the typed parameters map is what such templates read
    void aTemplateOfAnOlderSchemaGetsTheTypedParameters() {
        platform.createPipeline(pipeline("team-a/legacy", "v1"), compiledPipeline("2.0.0"));

        platform.createRun(run("team-a/legacy-run", "v1", "team-a/legacy", "v1"));

        PipelineJob job = fixture.vertex.job("team-a-legacy-run-v1");
        assertThat(job.getRuntimeConfig().getParameterValuesMap()).isEmpty();
        assertThat(job.getRuntimeConfig().getParametersMap().get("learning_rate").getStringValue()).isEqualTo("0.1");
    }

    @Test
    void theTriggerIsRecordedInLabels() {
        fixture.createPipeline("team-a/training", "v1");

        platform.createRun(run("team-a/triggered", "v1", "team-a/training", "v1"));

        assertThat(fixture.vertex.job("team-a-triggered-v1").getLabelsMap()).containsAllEntriesOf(Map.of(
                "trigger-type", "runconfiguration", "trigger-source", "nightly", "trigger-source-namespace", "team-a"));
    }

    @Test
    void longAndUnusualNamesStillMakeValidLabelsAndJobIds() {
        String longName = "team-a/" + "Feature.Engineering-".repeat(5) + "run";
        platform.createPipeline(pipeline("team-a/Training.Pipeline", "1.2.3"), compiledPipeline("2.1.0"));

        String id = platform.createRun(run(longName, "v1", "team-a/Training.Pipeline", "1.2.3"));

        // The fake validates labels and the job id as Vertex does; reaching here means both passed.
        PipelineJob job = fixture.vertex.jobs().get(0);
        assertThat(id).isEqualTo(longName.replace('/', '-'));
        assertThat(job.getLabelsMap().get("run-name")).hasSize(63);
        assertThat(job.getLabelsMap().get("pipeline-name")).isEqualTo("training-pipeline");
        assertThat(job.getLabelsMap().get("pipeline-version")).isEqualTo("1-2-3");
    }

    @Test
    void aRepeatedCreateReturnsTheSameRunAndCreatesNoSecondJob() {
        fixture.createPipeline("team-a/training", "v1");

        String first = platform.createRun(run("team-a/once", "v1", "team-a/training", "v1"));
        String second = platform.createRun(run("team-a/once", "v1", "team-a/training", "v1"));

        assertThat(second).isEqualTo(first);
        assertThat(fixture.vertex.jobs()).hasSize(1);
    }

    @Test
    void aRunOfAPipelineVersionThatWasNeverUploadedIsRejected() {
        fixture.createPipeline("team-a/training", "v1");

        assertThatThrownBy(() -> platform.createRun(run("team-a/r", "v1", "team-a/training", "v9")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("gs://pipeline-templates/team-a/training/v9");
        assertThat(fixture.vertex.jobs()).isEmpty();
    }

    @Test
    void vertexRejectingTheJobIsA422WithGooglesMessage() {
        fixture.createPipeline("team-a/training", "v1");
        fixture.vertex.failNext("CreatePipelineJob", Status.INVALID_ARGUMENT.withDescription("Pipeline spec is malformed"));

        assertThatThrownBy(() -> platform.createRun(run("team-a/r", "v1", "team-a/training", "v1")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("Pipeline spec is malformed");
    }

    @Test
    void somethingTheJobRefersToBeingMissingIsA422() {
        fixture.createPipeline("team-a/training", "v1");
        fixture.vertex.failNext("CreatePipelineJob", Status.NOT_FOUND.withDescription("Service account runner does not exist"));

        assertThatThrownBy(() -> platform.createRun(run("team-a/r", "v1", "team-a/training", "v1")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("Service account runner does not exist");
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "RESOURCE_EXHAUSTED"})
    void transientVertexFailuresAreUnavailable(Status.Code code) {
        fixture.createPipeline("team-a/training", "v1");
        fixture.vertex.failNext("CreatePipelineJob", Status.fromCode(code).withDescription("try later"));

        assertThatThrownBy(() -> platform.createRun(run("team-a/r", "v1", "team-a/training", "v1")))
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("try later");
        // The retry the operator makes then succeeds.
        assertThat(platform.createRun(run("team-a/r", "v1", "team-a/training", "v1"))).isEqualTo("team-a-r");
    }

    @Test
    void deletingARunningRunCancelsItThenDeletesIt() {
        fixture.createPipeline("team-a/training", "v1");
        String id = platform.createRun(run("team-a/running", "v1", "team-a/training", "v1"));

        platform.deleteRun(id);

        assertThat(fixture.vertex.jobs()).isEmpty();
    }

    @Test
    void aDeleteWhileVertexIsStillCancellingIsRetriedUntilTheJobIsGone() {
        fixture.createPipeline("team-a/training", "v1");
        String id = platform.createRun(run("team-a/slow", "v1", "team-a/training", "v1"));
        fixture.vertex.cancelImmediately(false);

        assertThatThrownBy(() -> platform.deleteRun(id)).isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("being cancelled");
        assertThat(fixture.vertex.job("team-a-slow-v1").getState()).isEqualTo(PipelineState.PIPELINE_STATE_CANCELLING);

        fixture.vertex.completeCancellations();
        platform.deleteRun(id);

        assertThat(fixture.vertex.jobs()).isEmpty();
    }

    @Test
    void deletingAFinishedRunDeletesWithoutCancelling() {
        fixture.createPipeline("team-a/training", "v1");
        String id = platform.createRun(run("team-a/done", "v1", "team-a/training", "v1"));
        fixture.vertex.finish("team-a-done-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        // Cancelling a finished job is FAILED_PRECONDITION on Vertex; this would surface if it were tried.
        fixture.vertex.failNext("CancelPipelineJob", Status.INTERNAL.withDescription("cancel must not be called"));

        platform.deleteRun(id);

        assertThat(fixture.vertex.jobs()).isEmpty();
    }

    @Test
    void deletingAnUnknownRunSucceedsAndStopsNoOtherJob() {
        fixture.createPipeline("team-a/training", "v1");
        platform.createRun(run("team-a/running", "v1", "team-a/training", "v1"));
        // A cancel or delete reaching Vertex would fail the delete: nothing of this run exists.
        fixture.vertex.failNext("CancelPipelineJob", Status.INTERNAL.withDescription("cancel must not be called"));
        fixture.vertex.failNext("DeletePipelineJob", Status.INTERNAL.withDescription("delete must not be called"));

        platform.deleteRun("team-a-never-created");

        assertThat(fixture.vertex.jobs()).singleElement()
                .satisfies(job -> assertThat(job.getState()).isNotIn(PipelineState.PIPELINE_STATE_CANCELLING,
                        PipelineState.PIPELINE_STATE_CANCELLED));
        assertThat(fixture.vertex.job("team-a-running-v1")).isNotNull();
    }

    @Test
    void aTfxPipelineJobIsReadThroughItsWrapper() throws Exception {
        JsonNode tfx = tfxPipelineJob();
        platform.createPipeline(pipeline("team-a/taxi", "v1"), tfx);

        platform.createRun(run("team-a/taxi-run", "v1", "team-a/taxi", "v1"));

        PipelineJob job = fixture.vertex.job("team-a-taxi-run-v1");
        // The spec inside says 2.1.0: parameters go in parameter_values, not the deprecated typed map.
        assertThat(job.getRuntimeConfig().getParameterValuesMap()).containsOnlyKeys("learning_rate");
        assertThat(job.getLabelsMap()).containsAllEntriesOf(Map.of(
                "schema_version", "2-1-0",
                "sdk_version", "tfx-0-30-0-dev",
                "tfx_version", "0-30-0-dev",
                "tfx_runner", "kubeflow_v2",
                "run-name", "taxi-run"));
        Struct.Builder spec = Struct.newBuilder();
        JsonFormat.parser().merge(tfx.get("pipelineSpec").toString(), spec);
        assertThat(job.getPipelineSpec()).isEqualTo(spec.build());
    }

    @Test
    void ourLabelsWinOverAWrapperLabelOfTheSameKey() throws Exception {
        ObjectNode tfx = (ObjectNode) tfxPipelineJob();
        ((ObjectNode) tfx.get("labels")).put("run-name", "not-ours").put("provider-name", "someone-else");
        platform.createPipeline(pipeline("team-a/taxi", "v1"), tfx);

        platform.createRun(run("team-a/taxi-run", "v1", "team-a/taxi", "v1"));

        assertThat(fixture.vertex.job("team-a-taxi-run-v1").getLabelsMap())
                .containsEntry("run-name", "taxi-run").containsEntry("provider-name", "vertex-ai");
    }

    @Test
    void aStoredTemplateWhosePipelineSpecIsNotAnObjectIsRejectedWithoutAJob() {
        fixture.storage.create(com.google.cloud.storage.BlobInfo.newBuilder(VertexFixture.BUCKET, "team-a/broken/v1").build(),
                "{\"pipelineSpec\": 7}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> platform.createRun(run("team-a/r", "v1", "team-a/broken", "v1")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("pipelineSpec");
        assertThat(fixture.vertex.jobs()).isEmpty();
    }

    @Test
    void onlyTheJobsOfTheDeletedRunGo() {
        fixture.createPipeline("team-a/training", "v1");
        String keep = platform.createRun(run("team-a/keep", "v1", "team-a/training", "v1"));
        String drop = platform.createRun(run("team-a/drop", "v1", "team-a/training", "v1"));

        platform.deleteRun(drop);

        assertThat(fixture.vertex.jobs()).extracting(j -> j.getLabelsMap().get("run-name")).containsExactly("keep");
        assertThat(keep).isEqualTo("team-a-keep");
    }

    private static JsonNode tfxPipelineJob() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("reference/tfx"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("reference/tfx not found above " + Path.of("").toAbsolutePath());
        }
        return new ObjectMapper().readTree(dir.resolve("reference/tfx/expected_two_step_pipeline_job.json").toFile());
    }
}

package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.PROVIDER;
import static io.kfpoperator.provider.vertex.VertexFixture.run;
import static io.kfpoperator.provider.vertex.VertexFixture.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.aiplatform.v1.Artifact;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.providerservice.events.Watermark;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finished runs as the provider service's completion loop sees them through finishedRunsSince. */
class VertexCompletionIT {

    private final VertexFixture fixture = new VertexFixture();

    @BeforeEach
    void uploadPipeline() {
        fixture.createPipeline("team-a/training", "v1");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aSucceededRunBecomesAnEventWithItsNamesTimesAndArtifacts() {
        VertexPlatform platform = fixture.platform();
        String runId = platform.createRun(new RunDefinition("team-a/train-1", "v1", "team-a/training", "v1",
                "team-a/nightly", "", Map.of(), List.of(), null));
        Instant started = fixture.vertex.now();
        fixture.vertex.advance(Duration.ofMinutes(7));
        fixture.vertex.finish("team-a-train-1-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of(
                task("trainer", "model", "gs://pipeline-root/team-a/training/trainer/model", Map.of("accuracy", 0.93)),
                PipelineTaskDetail.newBuilder().setTaskName("validator").build()));

        List<FinishedRun> finished = platform.finishedRunsSince(Instant.EPOCH);

        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).finishedAt()).isEqualTo(started.plus(Duration.ofMinutes(7)));
        RunCompletionEventData event = finished.get(0).event();
        assertThat(event.status()).isEqualTo(RunCompletionStatus.SUCCEEDED);
        assertThat(event.runId()).isEqualTo(runId);
        assertThat(event.pipelineName()).isEqualTo("team-a/training");
        assertThat(event.runConfigurationName()).isEqualTo("team-a/nightly");
        assertThat(event.runName()).isEqualTo("team-a/train-1");
        assertThat(event.provider()).isEqualTo(PROVIDER);
        assertThat(event.runStartTime()).isEqualTo(started.atOffset(ZoneOffset.UTC));
        assertThat(event.runEndTime()).isEqualTo(started.plus(Duration.ofMinutes(7)).atOffset(ZoneOffset.UTC));
        assertThat(event.pipelineComponents()).extracting(PipelineComponent::name).containsExactly("trainer", "validator");
        assertThat(event.pipelineComponents().get(1).componentArtifacts()).isEmpty();
        PipelineComponent trainer = event.pipelineComponents().get(0);
        assertThat(trainer.name()).isEqualTo("trainer");
        ComponentArtifact model = trainer.componentArtifacts().get(0);
        assertThat(model.name()).isEqualTo("model");
        ArtifactInstance instance = model.artifacts().get(0);
        assertThat(instance.uri()).isEqualTo("gs://pipeline-root/team-a/training/trainer/model");
        assertThat(instance.metadata().get("accuracy").asDouble()).isEqualTo(0.93);
    }

    @Test
    void failedAndCancelledRunsAreFailedAndRunningOnesAreNotReported() {
        VertexPlatform platform = fixture.platform();
        platform.createRun(run("team-a/fails", "v1", "team-a/training", "v1"));
        platform.createRun(run("team-a/cancelled", "v1", "team-a/training", "v1"));
        platform.createRun(run("team-a/still-running", "v1", "team-a/training", "v1"));
        fixture.vertex.advance(Duration.ofMinutes(1));
        fixture.vertex.finish("team-a-fails-v1", PipelineState.PIPELINE_STATE_FAILED, List.of());
        fixture.vertex.advance(Duration.ofMinutes(1));
        fixture.vertex.finish("team-a-cancelled-v1", PipelineState.PIPELINE_STATE_CANCELLED, List.of());

        List<FinishedRun> finished = platform.finishedRunsSince(Instant.EPOCH);

        assertThat(finished).extracting(r -> r.event().runId()).containsExactly("team-a-fails", "team-a-cancelled");
        assertThat(finished).extracting(r -> r.event().status()).containsOnly(RunCompletionStatus.FAILED);
        assertThat(finished).extracting(r -> r.event().wasStopped()).containsExactly(false, true);
    }

    @Test
    void eachAttemptOfARetriedRunIsItsOwnJobReportedUnderItsOwnId() {
        VertexPlatform platform = fixture.platform();
        RunDefinition first = run("team-a/retried", "v1", "team-a/training", "v1");
        String one = platform.createRun(first);
        String two = platform.createRun(new RunDefinition(first.name(), first.version(), first.pipelineName(), first.pipelineVersion(),
                first.runConfigurationName(), first.experimentName(), first.parameters(), first.artifacts(), first.triggerIndicator(), 2));
        fixture.vertex.advance(Duration.ofMinutes(1));
        fixture.vertex.finish("team-a-retried-v1", PipelineState.PIPELINE_STATE_FAILED, List.of());
        fixture.vertex.finish("team-a-retried-attempt-2-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());

        assertThat(List.of(one, two)).containsExactly("team-a-retried", "team-a-retried-attempt-2");
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(r -> r.event().runId() + " " + r.event().status().wireName()
                + " " + r.event().runName()).containsExactlyInAnyOrder("team-a-retried failed team-a/retried",
                "team-a-retried-attempt-2 succeeded team-a/retried");
    }

    @Test
    void aScheduledRunCarriesItsRunConfigurationAndItsJobIdAsRunId() {
        VertexPlatform platform = fixture.platform();
        String scheduleId = platform.createRunSchedule(schedule("team-a/nightly-schedule", "v1", "team-a/training", "0 2 * * *"));
        PipelineJob fired = fixture.vertex.fire(scheduleId);
        fixture.vertex.advance(Duration.ofMinutes(3));
        fixture.vertex.finish(fired.getName().substring(fired.getName().lastIndexOf('/') + 1),
                PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());

        RunCompletionEventData event = platform.finishedRunsSince(Instant.EPOCH).get(0).event();

        assertThat(event.runConfigurationName()).isEqualTo("team-a/nightly");
        assertThat(event.runName()).isNull();
        assertThat(event.runId()).isEqualTo(fired.getName().substring(fired.getName().lastIndexOf('/') + 1));
        assertThat(event.pipelineName()).isEqualTo("team-a/training");
    }

    @Test
    void jobsOfOtherProvidersAndOfOtherToolsAreIgnored() {
        VertexPlatform platform = fixture.platform();
        platform.createRun(run("team-a/ours", "v1", "team-a/training", "v1"));
        fixture.vertex.finish("team-a-ours-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        // Same project and location: another Provider's job, and one a notebook started.
        fixture.vertex.insert("other-provider-job", Map.of("provider-name", "vertex-eu", "provider-namespace", "kfp-operator-system",
                "pipeline-name", "training", "pipeline-namespace", "team-b"), PipelineState.PIPELINE_STATE_SUCCEEDED);
        fixture.vertex.insert("notebook-job", Map.of(), PipelineState.PIPELINE_STATE_FAILED);

        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(r -> r.event().runId()).containsExactly("team-a-ours");
    }

    @Test
    void withARestartInBetweenEveryRunIsDeliveredExactlyOnce() {
        List<String> delivered = new ArrayList<>();
        VertexPlatform platform = fixture.platform();
        for (int i = 1; i <= 5; i++) {
            platform.createRun(run("team-a/run-" + i, "v1", "team-a/training", "v1"));
        }
        // Two finish in the same instant: the watermark's boundary case.
        fixture.vertex.advance(Duration.ofMinutes(1));
        fixture.vertex.finish("team-a-run-1-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        fixture.vertex.finish("team-a-run-2-v1", PipelineState.PIPELINE_STATE_FAILED, List.of());

        Watermark watermark = deliver(platform, Watermark.initial(), delivered);
        assertThat(delivered).containsExactlyInAnyOrder("team-a-run-1", "team-a-run-2");

        // The provider service restarts; one more run finishes in the same instant, others later.
        VertexPlatform restarted = fixture.restart();
        fixture.vertex.finish("team-a-run-3-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        fixture.vertex.advance(Duration.ofSeconds(30));
        fixture.vertex.finish("team-a-run-4-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        watermark = deliver(restarted, watermark, delivered);
        watermark = deliver(restarted, watermark, delivered);
        fixture.vertex.advance(Duration.ofSeconds(30));
        fixture.vertex.finish("team-a-run-5-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        deliver(restarted, watermark, delivered);

        assertThat(delivered).containsExactly("team-a-run-1", "team-a-run-2", "team-a-run-3", "team-a-run-4", "team-a-run-5");
    }

    /** One poll of the completion loop: what the watermark does not cover is delivered, oldest first. */
    private static Watermark deliver(VertexPlatform platform, Watermark watermark, List<String> delivered) {
        Watermark current = watermark;
        for (FinishedRun run : platform.finishedRunsSince(current.finishedAt())) {
            if (!current.covers(run)) {
                delivered.add(run.event().runId());
                current = current.after(run);
            }
        }
        return current;
    }

    private static PipelineTaskDetail task(String taskName, String output, String uri, Map<String, Double> metadata) {
        Struct.Builder struct = Struct.newBuilder();
        metadata.forEach((k, v) -> struct.putFields(k, Value.newBuilder().setNumberValue(v).build()));
        return PipelineTaskDetail.newBuilder().setTaskName(taskName)
                .putOutputs(output, PipelineTaskDetail.ArtifactList.newBuilder()
                        .addArtifacts(Artifact.newBuilder().setUri(uri).setMetadata(struct)).build())
                .build();
    }
}

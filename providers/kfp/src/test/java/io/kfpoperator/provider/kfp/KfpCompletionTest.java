package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KfpCompletionTest extends FakeKfpTestBase {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @BeforeEach
    void pipelineExists() {
        createPipeline("ns/pipeline", "v1");
    }

    @Test
    void succeededRunBecomesAnEventWithOurNamesTimesAndArtifacts() {
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(60),
                Map.of("trainer", Map.of("model", List.of("17", "18")), "no-outputs", Map.of()));

        List<FinishedRun> finished = platform.finishedRunsSince(t0);

        assertThat(finished).singleElement().satisfies(f -> {
            assertThat(f.finishedAt()).isEqualTo(t0.plusSeconds(60));
            RunCompletionEventData event = f.event();
            assertThat(event.status()).isEqualTo(RunCompletionStatus.SUCCEEDED);
            assertThat(event.runId()).isEqualTo(runId);
            assertThat(event.pipelineName()).isEqualTo("ns/pipeline");
            assertThat(event.runConfigurationName()).isEqualTo("ns/rc");
            assertThat(event.runName()).isEqualTo("ns/run-1");
            assertThat(event.provider()).isEqualTo(PROVIDER);
            assertThat(event.runStartTime()).isNotNull();
            assertThat(event.runEndTime().toInstant()).isEqualTo(t0.plusSeconds(60));
            assertThat(event.pipelineComponents()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("trainer");
                assertThat(c.componentArtifacts()).singleElement().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("model");
                    assertThat(a.artifacts()).extracting(ArtifactInstance::metadata)
                            .extracting(m -> m.get("mlmdArtifactId").asText()).containsExactly("17", "18");
                });
            });
        });
    }

    @Test
    void failedAndCanceledRunsAreFailedAndUnfinishedRunsAreNotReported() {
        String failed = platform.createRun(run("ns/failed", "ns/pipeline", "v1", ""));
        String canceled = platform.createRun(run("ns/canceled", "ns/pipeline", "v1", ""));
        String running = platform.createRun(run("ns/running", "ns/pipeline", "v1", ""));
        kfp.finishRun(failed, "FAILED", t0.plusSeconds(10), Map.of());
        kfp.finishRun(canceled, "CANCELED", t0.plusSeconds(20), Map.of());
        kfp.setRunState(running, "RUNNING");

        List<FinishedRun> finished = platform.finishedRunsSince(t0);

        assertThat(finished).extracting(f -> f.event().runId()).containsExactly(failed, canceled);
        assertThat(finished).extracting(f -> f.event().status()).containsOnly(RunCompletionStatus.FAILED);
        assertThat(finished).allSatisfy(f -> assertThat(f.event().pipelineComponents()).isEmpty());
    }

    @Test
    void runsFinishedBeforeTheWatermarkAreLeftOutAndTheRestComeOldestFirstAcrossPages() {
        kfp.capPageSize(2);
        String before = platform.createRun(run("ns/before", "ns/pipeline", "v1", ""));
        kfp.finishRun(before, "SUCCEEDED", t0.minusSeconds(1), Map.of());
        String late = platform.createRun(run("ns/late", "ns/pipeline", "v1", ""));
        kfp.finishRun(late, "SUCCEEDED", t0.plusSeconds(30), Map.of());
        String early = platform.createRun(run("ns/early", "ns/pipeline", "v1", ""));
        kfp.finishRun(early, "SUCCEEDED", t0.plusSeconds(5), Map.of());
        String atWatermark = platform.createRun(run("ns/at", "ns/pipeline", "v1", ""));
        kfp.finishRun(atWatermark, "FAILED", t0, Map.of());
        platform.createRun(run("ns/pending", "ns/pipeline", "v1", ""));

        List<FinishedRun> finished = platform.finishedRunsSince(t0);

        assertThat(finished).extracting(f -> f.event().runId()).containsExactly(atWatermark, early, late);
    }

    @Test
    void finishedRunsAreFoundWhenKfpCannotFilterOnFinishedAt() {
        kfp.rejectFilterKey("finished_at");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(1), Map.of());

        assertThat(platform.finishedRunsSince(t0)).extracting(f -> f.event().runId()).containsExactly(runId);
        assertThat(platform.finishedRunsSince(t0.plusSeconds(2))).isEmpty();
    }

    @Test
    void runsStartedByARecurringRunCarryItsRunConfiguration() {
        String scheduleId = platform.createRunSchedule(schedule("ns/rc-schedule", "s1", "0 * * * *"));
        String runId = kfp.startScheduledRun(scheduleId);
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(5), Map.of());

        // A fresh platform has no cache: the names come from the recurring run on KFP.
        List<FinishedRun> finished = platform(Map.of()).finishedRunsSince(t0);

        assertThat(finished).singleElement().satisfies(f -> {
            assertThat(f.event().runId()).isEqualTo(runId);
            assertThat(f.event().pipelineName()).isEqualTo("ns/pipeline");
            assertThat(f.event().runConfigurationName()).isEqualTo("ns/rc");
            assertThat(f.event().runName()).isNull();
        });
    }

    @Test
    void runsOfAReplacedScheduleStillMapWhileThePlatformRemembersIt() {
        String old = platform.createRunSchedule(schedule("ns/rc-schedule", "s1", "0 * * * *"));
        String runId = kfp.startScheduledRun(old);
        platform.updateRunSchedule(old, schedule("ns/rc-schedule", "s2", "30 * * * *"));
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(5), Map.of());

        assertThat(platform.finishedRunsSince(t0)).extracting(f -> f.event().runConfigurationName())
                .containsExactly("ns/rc");
    }

    /** The names travel in the run's own runtime parameters, so a deleted schedule loses nothing. */
    @Test
    void runsOfARecurringRunDeletedBeforeTheyWereSeenStillReachTheirRunConfiguration() {
        String scheduleId = platform.createRunSchedule(schedule("ns/rc-schedule", "s1", "0 * * * *"));
        String runId = kfp.startScheduledRun(scheduleId);
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(5), Map.of());
        platform.deleteRunSchedule(scheduleId);

        assertThat(platform(Map.of()).finishedRunsSince(t0)).extracting(f -> f.event().runConfigurationName())
                .containsExactly("ns/rc");
    }

    @Test
    void runsStartedOutsideTheOperatorGiveNoEvent() {
        String pipelineId = kfp.pipelines().get(0).get("pipeline_id").asText();
        String runId = kfp.insertRun(pipelineId, "by-hand", Map.of("text", "hi"));
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(5), Map.of());

        assertThat(platform.finishedRunsSince(t0)).isEmpty();
    }
}

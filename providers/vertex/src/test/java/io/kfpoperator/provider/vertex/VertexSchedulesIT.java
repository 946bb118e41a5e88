package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.PARENT;
import static io.kfpoperator.provider.vertex.VertexFixture.at;
import static io.kfpoperator.provider.vertex.VertexFixture.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import io.grpc.Status;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VertexSchedulesIT {

    private final VertexFixture fixture = new VertexFixture(Map.of(VertexSettings.MAX_CONCURRENT_RUN_COUNT, "3"));
    private final VertexPlatform platform = fixture.platform();

    @BeforeEach
    void uploadPipeline() {
        fixture.createPipeline("team-a/training", "v1");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aRunScheduleIsAVertexScheduleWhoseIdIsItsResourceName() {
        String id = platform.createRunSchedule(schedule("team-a/nightly-schedule", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 30 2 * * *",
                        at("2026-12-01T00:00:00Z"), at("2027-06-30T00:00:00Z"))));

        Schedule schedule = fixture.vertex.schedule(id);
        assertThat(id).startsWith(PARENT + "/schedules/");
        assertThat(schedule.getCron()).as("seconds dropped").isEqualTo("30 2 * * *");
        assertThat(schedule.getDisplayName()).isEqualTo("rc-team-a-nightly-schedule");
        assertThat(schedule.getMaxConcurrentRunCount()).isEqualTo(3);
        assertThat(schedule.getAllowQueueing()).isTrue();
        assertThat(schedule.getStartTime().getSeconds()).isEqualTo(at("2026-12-01T00:00:00Z").toEpochSecond());
        assertThat(schedule.getEndTime().getSeconds()).isEqualTo(at("2027-06-30T00:00:00Z").toEpochSecond());
        PipelineJob job = schedule.getCreatePipelineJobRequest().getPipelineJob();
        assertThat(schedule.getCreatePipelineJobRequest().getParent()).isEqualTo(PARENT);
        assertThat(job.getTemplateUri()).isEqualTo("gs://pipeline-templates/team-a/training/v1");
        assertThat(job.getLabelsMap()).containsAllEntriesOf(Map.of(
                "trigger-type", "schedule", "trigger-source", "nightly-schedule", "trigger-source-namespace", "team-a",
                "runconfiguration-name", "nightly", "pipeline-name", "training"));
        assertThat(job.getLabelsMap()).doesNotContainKeys("run-name", "run-namespace");
    }

    @Test
    void aStartTimeInThePastIsDroppedSoVertexDoesNotCatchUp() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 * * * *", at("2020-01-01T00:00:00Z"), null)));

        assertThat(fixture.vertex.schedule(id).hasStartTime()).isFalse();
    }

    @Test
    void aCronWithSecondsOtherThanZeroIsRejectedAndNothingIsCreated() {
        assertThatThrownBy(() -> platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "30 0 * * * *")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("whole minutes");
        assertThat(fixture.vertex.schedules()).isEmpty();
    }

    @Test
    void anUpdateChangesTheScheduleInPlace() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "0 * * * *"));
        fixture.createPipeline("team-a/training", "v2");

        String updated = platform.updateRunSchedule(id, new io.kfpoperator.provider.contract.RunScheduleDefinition(
                "team-a/s", "v2", "team-a/training", "v2", "team-a/nightly", "",
                new io.kfpoperator.provider.contract.Schedule("15 4 * * *", null, null),
                Map.of("learning_rate", "0.2"), java.util.List.of(), null));

        assertThat(updated).isEqualTo(id);
        assertThat(fixture.vertex.schedules()).hasSize(1);
        Schedule schedule = fixture.vertex.schedule(id);
        assertThat(schedule.getCron()).isEqualTo("15 4 * * *");
        PipelineJob job = schedule.getCreatePipelineJobRequest().getPipelineJob();
        assertThat(job.getTemplateUri()).endsWith("/team-a/training/v2");
        assertThat(job.getRuntimeConfig().getParameterValuesMap().get("learning_rate").getStringValue()).isEqualTo("0.2");
    }

    @Test
    void anUpdateThatRemovesTheEndTimeIsRefusedAndTheScheduleStaysAsItWas() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 * * * *", null, at("2027-06-30T00:00:00Z"))));
        Schedule before = fixture.vertex.schedule(id);

        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/s", "v2", "team-a/training", "15 * * * *")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("cannot remove an end time")
                .hasMessageContaining("2027-06-30T00:00:00Z");

        assertThat(fixture.vertex.schedule(id)).isEqualTo(before);
    }

    @Test
    void anUpdateThatRemovesAFutureStartTimeIsRefusedAndTheScheduleStaysAsItWas() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 * * * *", at("2099-01-01T00:00:00Z"), null)));
        Schedule before = fixture.vertex.schedule(id);

        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/s", "v2", "team-a/training", "15 * * * *")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("cannot remove a start time");

        assertThat(fixture.vertex.schedule(id)).isEqualTo(before);
    }

    @Test
    void anUpdateKeepingTheEndTimeChangesIt() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 * * * *", null, at("2027-06-30T00:00:00Z"))));

        platform.updateRunSchedule(id, schedule("team-a/s", "v2", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("15 * * * *", null, at("2028-01-01T00:00:00Z"))));

        Schedule after = fixture.vertex.schedule(id);
        assertThat(after.getCron()).isEqualTo("15 * * * *");
        assertThat(after.getEndTime().getSeconds()).isEqualTo(at("2028-01-01T00:00:00Z").toEpochSecond());
    }

    @Test
    void failedScheduleUpdateKeepsThePreviousSchedule() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "0 * * * *"));
        Schedule before = fixture.vertex.schedule(id);

        // Rejected by Vertex: an end before the start.
        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/s", "v2", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("15 * * * *", at("2027-01-02T00:00:00Z"), at("2027-01-01T00:00:00Z")))))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("end_time must be after start_time");
        // Rejected before Vertex is called: a cron Vertex cannot run.
        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/s", "v3", "team-a/training", "every full moon")))
                .isInstanceOf(PlatformRejectedException.class);
        // Vertex down.
        fixture.vertex.failNext("UpdateSchedule", Status.UNAVAILABLE.withDescription("backend unavailable"));
        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/s", "v4", "team-a/training", "45 * * * *")))
                .isInstanceOf(PlatformUnavailableException.class);

        assertThat(fixture.vertex.schedule(id)).isEqualTo(before);
        assertThat(fixture.vertex.schedule(id).getState()).isEqualTo(Schedule.State.ACTIVE);
    }

    @Test
    void updatingAScheduleThatIsGoneIsNotFound() {
        assertThatThrownBy(() -> platform.updateRunSchedule(PARENT + "/schedules/999999",
                schedule("team-a/s", "v1", "team-a/training", "0 * * * *")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> platform.updateRunSchedule("not-a-schedule-name",
                schedule("team-a/s", "v1", "team-a/training", "0 * * * *")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aRepeatedCreateFindsTheScheduleByItsDisplayNameAndConvergesIt() {
        String first = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "0 * * * *"));
        // A second schedule of another RunSchedule, so the lookup has to pick the right one.
        platform.createRunSchedule(schedule("team-a/other", "v1", "team-a/training", "0 * * * *"));

        String second = fixture.restart().createRunSchedule(schedule("team-a/s", "v2", "team-a/training", "5 * * * *"));

        assertThat(second).isEqualTo(first);
        assertThat(fixture.vertex.schedules()).hasSize(2);
        assertThat(fixture.vertex.schedule(first).getCron()).isEqualTo("5 * * * *");
    }

    @Test
    void deleteRemovesTheScheduleAndASecondDeleteSucceeds() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "0 * * * *"));

        platform.deleteRunSchedule(id);
        platform.deleteRunSchedule(id);

        assertThat(fixture.vertex.schedules()).isEmpty();
    }

    @Test
    void aScheduleCanBePausedAndResumed() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "0 * * * *"));

        platform.pauseRunSchedule(id);
        assertThat(platform.getRunSchedule(id).getState()).isEqualTo(Schedule.State.PAUSED);
        assertThatThrownBy(() -> platform.pauseRunSchedule(id)).as("already paused")
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("only an ACTIVE schedule");

        platform.resumeRunSchedule(id);
        assertThat(platform.getRunSchedule(id).getState()).isEqualTo(Schedule.State.ACTIVE);
    }

    @Test
    void aSuspendedRunScheduleIsPausedAndResumedInPlaceCatchingUpWhenItAsks() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 * * * *", null, null, null, true, null, true)));
        assertThat(platform.getRunSchedule(id).getState()).isEqualTo(Schedule.State.PAUSED);

        assertThat(platform.updateRunSchedule(id, schedule("team-a/s", "v2", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 * * * *", null, null, null, false, null, true)))).isEqualTo(id);

        assertThat(fixture.vertex.schedules()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(id);
            assertThat(s.getState()).isEqualTo(Schedule.State.ACTIVE);
            assertThat(s.getCatchUp()).as("resumed with catch_up").isTrue();
        });
    }

    @Test
    void theTimeZoneIsTheCronsPrefixAndForbidSkipsRatherThanQueues() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 9 * * *", null, null, "Europe/London", null, "Forbid", null)));

        Schedule created = platform.getRunSchedule(id);
        assertThat(created.getCron()).isEqualTo("TZ=Europe/London 0 9 * * *");
        assertThat(created.getMaxConcurrentRunCount()).isEqualTo(1);
        assertThat(created.getAllowQueueing()).isFalse();
    }

    @Test
    void replaceAndAZoneThatDisagreesWithTheCronsOwnAreRefusedAndNothingIsCreated() {
        assertThatThrownBy(() -> platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("0 9 * * *", null, null, null, null, "Replace", null))))
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("schedule.concurrencyPolicy Replace");
        assertThatThrownBy(() -> platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training",
                new io.kfpoperator.provider.contract.Schedule("TZ=America/New_York 0 9 * * *", null, null, "Europe/London", null, null, null))))
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("give the time zone once");
        assertThat(fixture.vertex.schedules()).isEmpty();
    }

    @Test
    void aSuspendedUpdatePausesTheScheduleAndALaterUpdateResumesIt() {
        RunScheduleDefinition active = schedule("team-a/s", "v1", "team-a/training", "0 * * * *");
        String id = platform.createRunSchedule(active);
        RunScheduleDefinition suspended = new RunScheduleDefinition(active.name(), "v1-suspended", active.pipelineName(),
                active.pipelineVersion(), active.runConfigurationName(), active.experimentName(), active.schedule(), active.parameters(),
                active.artifacts(), active.triggerIndicator(), true);

        assertThat(platform.updateRunSchedule(id, suspended)).isEqualTo(id);
        assertThat(platform.getRunSchedule(id).getState()).isEqualTo(Schedule.State.PAUSED);
        assertThat(platform.updateRunSchedule(id, suspended)).as("suspending again changes nothing").isEqualTo(id);

        assertThat(platform.updateRunSchedule(id, active)).isEqualTo(id);
        assertThat(platform.getRunSchedule(id).getState()).isEqualTo(Schedule.State.ACTIVE);
    }

    @Test
    void pausingAScheduleThatIsGoneIsNotFound() {
        String id = platform.createRunSchedule(schedule("team-a/s", "v1", "team-a/training", "0 * * * *"));
        platform.deleteRunSchedule(id);

        assertThatThrownBy(() -> platform.pauseRunSchedule(id)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void runSchedulesWithLongNamesSharingAPrefixKeepTheirOwnSchedules() {
        String prefix = "team-a/" + "very-long-run-schedule-name-".repeat(5);
        String first = platform.createRunSchedule(schedule(prefix + "daily", "v1", "team-a/training", "0 1 * * *"));
        String second = platform.createRunSchedule(schedule(prefix + "weekly", "v1", "team-a/training", "0 1 * * 0"));

        assertThat(first).isNotEqualTo(second);
        assertThat(fixture.vertex.schedule(first).getDisplayName()).hasSizeLessThanOrEqualTo(128);
        // Each is found again by its own display name.
        assertThat(platform.createRunSchedule(schedule(prefix + "weekly", "v2", "team-a/training", "0 2 * * 0"))).isEqualTo(second);
        assertThat(fixture.vertex.schedule(first).getCron()).isEqualTo("0 1 * * *");
        assertThat(fixture.vertex.schedule(second).getCron()).isEqualTo("0 2 * * 0");
    }
}

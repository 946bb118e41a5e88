package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.run;
import static io.kfpoperator.provider.vertex.VertexFixture.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.cloud.aiplatform.v1.ListPipelineJobsRequest;
import com.google.cloud.aiplatform.v1.ListPipelineJobsResponse;
import com.google.cloud.aiplatform.v1.ListSchedulesRequest;
import com.google.cloud.aiplatform.v1.ListSchedulesResponse;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.protobuf.Timestamp;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bad Vertex answers {@link VertexGeneratedBadAnswersIT} found, one by one: each used to end
 * in a wrong id, a call that never returned, a {@code DateTimeException} or a permanent 422 for
 * what was Vertex's fault.
 */
class VertexMalformedAnswerIT {

    private static final Timestamp BEYOND_YEAR_9999 = Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build();

    private final VertexFixture fixture = new VertexFixture();
    private final VertexPlatform platform = fixture.platform();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Was: "" returned as the schedule's id (and kept in the RunSchedule's status). */
    @Test
    void createdScheduleWithoutANameFailsNamingItAndTheRetryFindsTheSchedule() {
        fixture.createPipeline("team-a/training", "v1");
        RunScheduleDefinition definition = schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *");
        fixture.vertex.mangleAnswersOf("CreateSchedule", (m, q, answer, bytes) ->
                ((Schedule) answer).toBuilder().clearName().build().toByteArray());

        assertThatThrownBy(() -> platform.createRunSchedule(definition))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("name is empty");

        String id = platform.createRunSchedule(definition);
        assertThat(fixture.vertex.schedules()).extracting(Schedule::getName).containsExactly(id);
    }

    /** Was: "" returned as the schedule's id after the update. */
    @Test
    void updatedScheduleWithoutANameFailsNamingIt() {
        fixture.createPipeline("team-a/training", "v1");
        String id = platform.createRunSchedule(schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *"));
        fixture.vertex.mangleAnswersOf("UpdateSchedule", (m, q, answer, bytes) ->
                ((Schedule) answer).toBuilder().clearName().build().toByteArray());

        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/nightly", "v2", "team-a/training", "30 3 * * *")))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("name empty");
    }

    /** Was: a call that never returned, reading the same page again and again. */
    @Test
    void jobListWhoseNextPageTokenComesBackEndsInsteadOfLooping() {
        fixture.createPipeline("team-a/training", "v1");
        platform.createRun(run("team-a/nightly-run", "v1", "team-a/training", "v1"));
        fixture.vertex.mangleAnswersOf("ListPipelineJobs", (m, request, answer, bytes) ->
                ((ListPipelineJobsResponse) answer).toBuilder()
                        .setNextPageToken(pageTokenOr0(((ListPipelineJobsRequest) request).getPageToken()))
                        .build().toByteArray());

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> platform.deleteRun("team-a-nightly-run"))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("next_page_token"));
        assertThat(fixture.vertex.answersSinceMangling()).isLessThan(5);
    }

    @Test
    void scheduleListWhoseNextPageTokenComesBackEndsInsteadOfLooping() {
        fixture.createPipeline("team-a/training", "v1");
        fixture.vertex.mangleAnswersOf("ListSchedules", (m, request, answer, bytes) ->
                ((ListSchedulesResponse) answer).toBuilder()
                        .setNextPageToken(pageTokenOr0(((ListSchedulesRequest) request).getPageToken()))
                        .build().toByteArray());

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> platform.createRunSchedule(
                schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *")))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("next_page_token"));
        assertThat(fixture.vertex.schedules()).isEmpty();
    }

    /** Was: a java.time.DateTimeException out of the completion poll. */
    @Test
    void finishedJobWithAnEndTimeNoTimestampCanHoldFailsThePollNamingIt() {
        fixture.createPipeline("team-a/training", "v1");
        platform.createRun(run("team-a/nightly-run", "v1", "team-a/training", "v1"));
        fixture.vertex.finish("team-a-nightly-run-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());
        fixture.vertex.mangleAnswersOf("ListPipelineJobs", (m, q, answer, bytes) -> {
            ListPipelineJobsResponse.Builder page = ((ListPipelineJobsResponse) answer).toBuilder();
            page.setPipelineJobs(0, page.getPipelineJobs(0).toBuilder().setEndTime(BEYOND_YEAR_9999));
            return page.build().toByteArray();
        });

        assertThatThrownBy(() -> platform.finishedRunsSince(Instant.EPOCH))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("end_time");
    }

    /** Was: a java.time.DateTimeException out of the update. */
    @Test
    void scheduleWithAnEndTimeNoTimestampCanHoldFailsTheUpdateNamingIt() {
        fixture.createPipeline("team-a/training", "v1");
        String id = platform.createRunSchedule(schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *"));
        fixture.vertex.mangleAnswersOf("GetSchedule", (m, q, answer, bytes) ->
                ((Schedule) answer).toBuilder().setEndTime(BEYOND_YEAR_9999).build().toByteArray());

        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("team-a/nightly", "v2", "team-a/training", "30 3 * * *")))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("end_time");
    }

    /** Was: the cancel of a job named "" answered INVALID_ARGUMENT, reported as a permanent 422 of the Run. */
    @Test
    void listedJobWithoutANameFailsTheDeleteAsVertexsFaultNotTheRuns() {
        fixture.createPipeline("team-a/training", "v1");
        platform.createRun(run("team-a/nightly-run", "v1", "team-a/training", "v1"));
        fixture.vertex.mangleAnswersOf("ListPipelineJobs", (m, q, answer, bytes) -> {
            ListPipelineJobsResponse.Builder page = ((ListPipelineJobsResponse) answer).toBuilder();
            page.setPipelineJobs(0, page.getPipelineJobs(0).toBuilder().clearName());
            return page.build().toByteArray();
        });

        assertThatThrownBy(() -> platform.deleteRun("team-a-nightly-run"))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("name is empty")
                .satisfies(e -> assertThat(((VertexMalformedAnswerException) e).httpStatus()).isEqualTo(500));
        assertThat(fixture.vertex.jobs()).extracting(PipelineJob::getState).containsExactly(PipelineState.PIPELINE_STATE_RUNNING);
    }

    /** Was: GetSchedule("") answered INVALID_ARGUMENT, reported as a permanent 422 of the RunSchedule. */
    @Test
    void listedScheduleOfOurNameWithoutANameFailsTheCreateAsVertexsFault() {
        fixture.createPipeline("team-a/training", "v1");
        RunScheduleDefinition definition = schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *");
        platform.createRunSchedule(definition);
        fixture.vertex.mangleAnswersOf("ListSchedules", (m, q, answer, bytes) -> {
            ListSchedulesResponse.Builder page = ((ListSchedulesResponse) answer).toBuilder();
            page.setSchedules(0, page.getSchedules(0).toBuilder().clearName());
            return page.build().toByteArray();
        });

        assertThatThrownBy(() -> platform.createRunSchedule(definition))
                .isInstanceOf(VertexMalformedAnswerException.class)
                .hasMessageContaining("name is empty");
        assertThat(fixture.vertex.schedules()).hasSize(1);
    }

    private static String pageTokenOr0(String asked) {
        return asked.isEmpty() ? "0" : asked;
    }
}

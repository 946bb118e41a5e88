package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.PROVIDER;
import static io.kfpoperator.provider.vertex.VertexFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.aiplatform.v1.PipelineState;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.vertex.PubSubCompletionSource.Ignored;
import io.kfpoperator.provider.vertex.fake.FakePubSub;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.events.CompletionEventLoop;
import io.kfpoperator.providerservice.events.FileWatermarkStore;
import io.kfpoperator.providerservice.events.OperatorEndpoint;
import io.kfpoperator.providerservice.events.OperatorWebhook;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import io.kfpoperator.providerservice.metrics.ProviderMetrics.EventResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion from the Pub/Sub subscription, end to end: log entries are published to the fake
 * subscription, the provider service's real completion loop polls the platform, events arrive at a
 * real HTTP endpoint, and the fake records which messages were acknowledged and when.
 */
class VertexPubSubCompletionIT {

    private static final String SUBSCRIPTION = "projects/ml-project/subscriptions/pipeline-events";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final VertexFixture fixture = new VertexFixture(Map.of(VertexSettings.EVENTS_SUBSCRIPTION, SUBSCRIPTION));
    private final FakePubSub pubsub = fixture.pubsub;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ProviderMetrics metrics = new ProviderMetrics("vai");

    @TempDir
    Path dir;

    @BeforeEach
    void uploadPipeline() {
        fixture.createPipeline("team-a/training", "v1");
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        metrics.close();
        fixture.close();
    }

    @Test
    void aFinishedJobsMessageBecomesOneEventAndIsAcknowledgedOnceDelivered() {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        String jobId = finishedRun("team-a/train-1", PipelineState.PIPELINE_STATE_SUCCEEDED);
        String message = pubsub.publish(logEntry(jobId, "PIPELINE_STATE_SUCCEEDED"));

        startLoop(operator);

        await().atMost(WAIT).until(() -> pubsub.isAcknowledged(message));
        assertThat(operator.runIds()).containsExactly("team-a-train-1");
        JsonNode event = operator.received().get(0).body();
        assertThat(event.path("status").asText()).isEqualTo("succeeded");
        assertThat(event.path("runName").asText()).isEqualTo("team-a/train-1");
        assertThat(event.path("pipelineName").asText()).isEqualTo("team-a/training");
        assertThat(event.path("provider").asText()).isEqualTo(PROVIDER);
        // Later polls find nothing more to send.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> operator.received().size() == 1);
        assertThat(pubsub.deliveries(message)).isEqualTo(1);
    }

    @Test
    void messagesAboutUnfinishedJobsAreAcknowledgedWithoutAnEvent() {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        fixture.platform().createRun(run("team-a/still-running", "v1", "team-a/training", "v1"));
        String running = pubsub.publish(logEntry("team-a-still-running-v1", "PIPELINE_STATE_RUNNING"));
        // No state in the entry: the job itself says it has not finished.
        String noState = pubsub.publish(logEntry("team-a-still-running-v1", null));
        String done = pubsub.publish(logEntry(finishedRun("team-a/done", PipelineState.PIPELINE_STATE_FAILED),
                "PIPELINE_STATE_FAILED"));

        startLoop(operator);

        await().atMost(WAIT).until(() -> pubsub.unacknowledged() == 0);
        assertThat(pubsub.acknowledged()).containsExactlyInAnyOrder(running, noState, done);
        assertThat(fixture.platform().ignoredMessages(Ignored.NOT_TERMINAL)).isEqualTo(2);
        assertThat(operator.runIds()).containsExactly("team-a-done");
        assertThat(operator.received().get(0).body().path("status").asText()).isEqualTo("failed");
    }

    @Test
    void malformedUnknownAndForeignMessagesAreAcknowledgedWithoutAnEvent() {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        fixture.vertex.insert("other-provider-job", Map.of("provider-name", "vertex-eu", "provider-namespace",
                "kfp-operator-system"), PipelineState.PIPELINE_STATE_SUCCEEDED);
        List<String> junk = List.of(
                pubsub.publish("not json at all"),
                pubsub.publish("[1, 2, 3]"),
                pubsub.publish("{\"resource\": {\"type\": \"aiplatform.googleapis.com/PipelineJob\", \"labels\": {}}}"),
                pubsub.publish(logEntry("no-such-job", "PIPELINE_STATE_SUCCEEDED")),
                pubsub.publish(logEntry("other-provider-job", "PIPELINE_STATE_SUCCEEDED")));
        String ours = pubsub.publish(logEntry(finishedRun("team-a/ours", PipelineState.PIPELINE_STATE_SUCCEEDED),
                "PIPELINE_STATE_SUCCEEDED"));

        startLoop(operator);

        await().atMost(WAIT).until(() -> pubsub.unacknowledged() == 0);
        assertThat(pubsub.acknowledged()).containsAll(junk).contains(ours);
        assertThat(operator.runIds()).containsExactly("team-a-ours");
        junk.forEach(id -> assertThat(pubsub.deliveries(id)).isEqualTo(1));
        VertexPlatform platform = fixture.platform();
        assertThat(platform.ignoredMessages(Ignored.MALFORMED)).isEqualTo(3);
        assertThat(platform.ignoredMessages(Ignored.UNKNOWN_JOB)).isEqualTo(1);
        assertThat(platform.ignoredMessages(Ignored.OTHER_PROVIDER)).isEqualTo(1);
    }

    @Test
    void whileTheOperatorIsDownTheMessageStaysUnacknowledgedAndIsAcknowledgedOnceDelivered() {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.down());
        String message = pubsub.publish(logEntry(finishedRun("team-a/train-1", PipelineState.PIPELINE_STATE_SUCCEEDED),
                "PIPELINE_STATE_SUCCEEDED"));

        startLoop(operator);
        await().atMost(WAIT).until(() -> metrics.eventsSent(EventResult.RecoverableFailure) >= 3);
        assertThat(pubsub.isAcknowledged(message)).isFalse();

        operator.start();

        await().atMost(WAIT).until(() -> pubsub.isAcknowledged(message));
        assertThat(operator.runIds()).containsExactly("team-a-train-1");
    }

    @Test
    void anUndeliveredMessageIsRedeliveredToTheRestartedServiceAndSentThen() {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.down());
        String message = pubsub.publish(logEntry(finishedRun("team-a/train-1", PipelineState.PIPELINE_STATE_SUCCEEDED),
                "PIPELINE_STATE_SUCCEEDED"));
        CompletionEventLoop first = startLoop(operator);
        await().atMost(WAIT).until(() -> metrics.eventsSent(EventResult.RecoverableFailure) >= 2);

        // The provider service stops without having delivered; the message's lease runs out.
        first.close();
        VertexPlatform restarted = fixture.restart();
        pubsub.expireLeases();
        assertThat(pubsub.isAcknowledged(message)).isFalse();
        operator.start();
        startLoop(operator, restarted);

        await().atMost(WAIT).until(() -> pubsub.isAcknowledged(message));
        assertThat(operator.runIds()).containsExactly("team-a-train-1");
        assertThat(pubsub.deliveries(message)).isEqualTo(2);
    }

    @Test
    void withARestartInBetweenEachAcknowledgedEventIsDeliveredOnce() {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        String first = pubsub.publish(logEntry(finishedRun("team-a/run-1", PipelineState.PIPELINE_STATE_SUCCEEDED),
                "PIPELINE_STATE_SUCCEEDED"));
        String second = pubsub.publish(logEntry(finishedRun("team-a/run-2", PipelineState.PIPELINE_STATE_FAILED),
                "PIPELINE_STATE_FAILED"));
        CompletionEventLoop loop = startLoop(operator);
        await().atMost(WAIT).until(() -> pubsub.isAcknowledged(first) && pubsub.isAcknowledged(second));

        loop.close();
        VertexPlatform restarted = fixture.restart();
        // A third job ends while the service is down, and finished earlier than the watermark says:
        // messages come in any order, and it must not be taken for one already delivered.
        String third = pubsub.publish(logEntry(finishedRun("team-a/run-3", PipelineState.PIPELINE_STATE_SUCCEEDED),
                "PIPELINE_STATE_SUCCEEDED"));
        pubsub.expireLeases();
        startLoop(operator, restarted);

        await().atMost(WAIT).until(() -> pubsub.isAcknowledged(third));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> operator.received().size() == 3);
        assertThat(operator.runIds()).containsExactly("team-a-run-1", "team-a-run-2", "team-a-run-3");
    }

    @Test
    void aRedeliveredMessageOfADeliveredJobIsAcknowledgedWithoutSendingAgain() {
        // Called as the loop would: each call's `since` is where delivery got to.
        String jobId = finishedRun("team-a/train-1", PipelineState.PIPELINE_STATE_SUCCEEDED);
        String message = pubsub.publish(logEntry(jobId, "PIPELINE_STATE_SUCCEEDED"));
        VertexPlatform platform = fixture.platform();

        List<FinishedRun> due = platform.finishedRunsSince(Instant.EPOCH);
        assertThat(due).extracting(r -> r.event().runId()).containsExactly("team-a-train-1");
        // The operator is slow: the lease runs out and Pub/Sub hands the message out again.
        pubsub.expireLeases();
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(r -> r.event().runId())
                .containsExactly("team-a-train-1");
        assertThat(pubsub.isAcknowledged(message)).isFalse();

        // Delivered: the watermark moves to the run; both deliveries' ack ids are acknowledged.
        assertThat(platform.finishedRunsSince(due.get(0).finishedAt())).isEmpty();
        assertThat(pubsub.isAcknowledged(message)).isTrue();
        assertThat(pubsub.deliveries(message)).isEqualTo(2);
        // Pub/Sub redelivers it once more (the ack of the second lease came late): acked, not sent.
        pubsub.publish(logEntry(jobId, "PIPELINE_STATE_SUCCEEDED"));
        assertThat(platform.finishedRunsSince(due.get(0).finishedAt())).isEmpty();
        assertThat(platform.ignoredMessages(Ignored.DUPLICATE)).isEqualTo(1);
        assertThat(pubsub.unacknowledged()).isZero();
    }

    @Test
    void aJobThatEndedBeforeTheWatermarkIsStillDue() {
        VertexPlatform platform = fixture.platform();
        String early = finishedRun("team-a/early", PipelineState.PIPELINE_STATE_SUCCEEDED);
        fixture.vertex.advance(Duration.ofMinutes(5));
        String late = finishedRun("team-a/late", PipelineState.PIPELINE_STATE_SUCCEEDED);
        pubsub.publish(logEntry(late, "PIPELINE_STATE_SUCCEEDED"));
        FinishedRun lateRun = platform.finishedRunsSince(Instant.EPOCH).get(0);

        pubsub.publish(logEntry(early, "PIPELINE_STATE_SUCCEEDED"));
        List<FinishedRun> next = platform.finishedRunsSince(lateRun.finishedAt());

        assertThat(next).extracting(r -> r.event().runId()).containsExactly("team-a-early");
        assertThat(next.get(0).finishedAt()).isAfter(lateRun.finishedAt());
        // The event keeps the job's real end time.
        assertThat(next.get(0).event().runEndTime().toInstant()).isBefore(lateRun.event().runEndTime().toInstant());
    }

    /** Was: a java.time.DateTimeException out of the poll, for every poll while the message was redelivered. */
    @Test
    void aJobWithAnEndTimeNoTimestampCanHoldIsLeftForRedeliveryAndTheOthersAreDue() {
        VertexPlatform platform = fixture.platform();
        String broken = finishedRun("team-a/broken", PipelineState.PIPELINE_STATE_SUCCEEDED);
        String fine = finishedRun("team-a/fine", PipelineState.PIPELINE_STATE_SUCCEEDED);
        fixture.vertex.mangleAnswersOf("GetPipelineJob", (m, request, answer, bytes) -> {
            com.google.cloud.aiplatform.v1.PipelineJob job = (com.google.cloud.aiplatform.v1.PipelineJob) answer;
            return job.getName().endsWith("/" + broken)
                    ? job.toBuilder().setEndTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build()
                            .toByteArray()
                    : bytes;
        });
        String brokenMessage = pubsub.publish(logEntry(broken, "PIPELINE_STATE_SUCCEEDED"));
        pubsub.publish(logEntry(fine, "PIPELINE_STATE_SUCCEEDED"));

        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(r -> r.event().runId())
                .containsExactly("team-a-fine");
        assertThat(pubsub.isAcknowledged(brokenMessage)).isFalse();
    }

    @Test
    void withoutTheParameterCompletionIsFoundByPolling() {
        try (VertexFixture polling = new VertexFixture()) {
            assertThat(polling.pubsub).isNull();
            polling.createPipeline("team-a/training", "v1");
            polling.platform().createRun(run("team-a/train-1", "v1", "team-a/training", "v1"));
            polling.vertex.finish("team-a-train-1-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of());

            assertThat(polling.platform().finishedRunsSince(Instant.EPOCH)).extracting(r -> r.event().runId())
                    .containsExactly("team-a-train-1");
        }
    }

    /** Creates the run and finishes its job on the fake Vertex; returns the pipeline job id. */
    private String finishedRun(String name, PipelineState state) {
        fixture.platform().createRun(run(name, "v1", "team-a/training", "v1"));
        String jobId = name.replace('/', '-') + "-v1";
        fixture.vertex.finish(jobId, state, List.of());
        return jobId;
    }

    /** A Cloud Logging entry of a pipeline job state change, as a log sink publishes it. */
    static String logEntry(String pipelineJobId, String state) {
        String payload = state == null ? "{}" : "{\"@type\": \"type.googleapis.com/google.cloud.aiplatform.logging.PipelineJobLogEntry\", "
                + "\"state\": \"" + state + "\"}";
        return """
                {"insertId": "%s",
                 "jsonPayload": %s,
                 "resource": {"type": "aiplatform.googleapis.com/PipelineJob",
                              "labels": {"pipeline_job_id": "%s", "location": "europe-west2", "resource_container": "ml-project"}},
                 "severity": "INFO",
                 "logName": "projects/ml-project/logs/aiplatform.googleapis.com%%2Fpipeline_job_events"}
                """.formatted(pipelineJobId + "-" + state, payload, pipelineJobId);
    }

    private CompletionEventLoop startLoop(OperatorEndpoint operator) {
        return startLoop(operator, fixture.platform());
    }

    private CompletionEventLoop startLoop(OperatorEndpoint operator, VertexPlatform platform) {
        OperatorWebhook webhook = new OperatorWebhook(operator.uri(), Optional::empty, Duration.ofSeconds(2));
        return closeLater(new CompletionEventLoop(platform, new FileWatermarkStore(dir.resolve("watermark.json")), webhook,
                metrics, Duration.ofMillis(50), new Backoff(Duration.ofMillis(20), Duration.ofMillis(100))).start());
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }
}

package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consumers written for the Go operator: its run-completion-event-trigger publishes
 * {@code {"data": <RunCompletionEvent>}} on the core NATS subject {@code events}, often to an
 * Argo Events bus whose NATS server has no JetStream. A {@code mode: core} sink does the same.
 */
class UpstreamNatsShapeIT extends EventsTestBase {

    private final String body = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null,
            "default/train", "run-7", OffsetDateTime.parse("2026-12-01T10:00:00Z"), OffsetDateTime.parse("2026-12-01T10:05:00Z"), List.of(), PROVIDER_NAME));

    @Override
    protected NatsServer startNats() {
        return NatsServer.startedWithoutJetStream();
    }

    @Override
    protected String sinks() {
        return "[{type: nats, name: argo-events, mode: core, url: '" + nats.url() + "'}]";
    }

    @BeforeEach
    void run() {
        syncedRunThenControllerStopped();
    }

    @Test
    void aSubscriberOfTheCoreSubjectGetsTheGoOperatorsPayloadFromAServerWithoutJetStream() throws Exception {
        Subscription subscription = observer().subscribe("events");
        observer().flush(Duration.ofSeconds(5));

        HttpResponse<String> response = post("application/json", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Message message = subscription.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("a message on subject events").isNotNull();
        assertThat(message.hasHeaders()).as("the Go trigger sends no headers").isFalse();
        JsonNode payload = parse(message.getData());
        assertThat(payload.properties()).extracting(e -> e.getKey()).containsExactly("data");
        JsonNode data = payload.path("data");
        assertThat(data.path("status").asText()).isEqualTo("succeeded");
        assertThat(data.path("pipelineName").asText()).isEqualTo("default/hello");
        assertThat(data.path("runName").asText()).isEqualTo("default/train");
        assertThat(data.path("runId").asText()).isEqualTo("run-7");
        assertThat(data.path("provider").asText()).isEqualTo(PROVIDER_NAME);
        assertThat(data.path("runEndTime").asText()).isEqualTo("2026-12-01T10:05:00Z");
        assertThat(data.has("runConfigurationName")).as("absent names are left out").isFalse();
        // The Go shape has no envelope to name the schema in, but its data is the same versioned RunCompletionEvent.
        PublishedEvents.assertValidData(data);
        assertThat(get(Run.class, "train").getStatus().getCompletionState()).isEqualTo("Succeeded");
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "argo-events", "outcome", "published")).isEqualTo(1);
    }

    @Test
    void aStoppedServerIsA503NamingTheSinkAndTheRetryAfterItsRestartIsDelivered() throws Exception {
        nats.stop();

        HttpResponse<String> refused = post("application/json", body);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("sink 'argo-events' is unavailable");

        nats.start();
        Subscription subscription = observer().subscribe("events");
        observer().flush(Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> post("application/json", body).statusCode() == 200);
        Message message = subscription.nextMessage(Duration.ofSeconds(10));
        assertThat(parse(message.getData()).path("data").path("runId").asText()).isEqualTo("run-7");
        PublishedEvents.assertValidData(parse(message.getData()).path("data"));
    }
}

package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several sinks at once: JetStream, an HTTP webhook (CloudEvents binary mode) and the log. */
class WebhookAndLogSinksIT extends EventsTestBase {

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final String body = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null,
            "default/train", "run-3", null, null, List.of(), PROVIDER_NAME));

    @Override
    protected String sinks() {
        return "[{type: nats, url: '" + nats.url() + "'}, {type: http, name: webhook, url: '" + receiver.url()
                + "', timeout: 5s, retries: 2}, {type: log}]";
    }

    @BeforeEach
    void run() {
        syncedRunThenControllerStopped();
    }

    @AfterEach
    void everyDeliveredEventMatchesItsSchemaThenStopReceiver() {
        try {
            receiver.requests().forEach(request -> PublishedEvents.assertValidBinaryEvent(request.headers(), request.body()));
        } finally {
            receiver.close();
        }
    }

    @Test
    void webhookGetsABinaryModeCloudEventAfterARetriedFailure() {
        receiver.failNext(1);

        HttpResponse<String> response = post("application/json", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(receiver.requests()).extracting(WebhookReceiver.Received::answeredWith).containsExactly(500, 202);
        WebhookReceiver.Received delivered = receiver.requests().get(1);
        assertThat(delivered.headers())
                .containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-id", "kfp-operator/simulated/run-3/succeeded")
                .containsEntry("ce-type", "org.kubeflow.pipelines.run-completion")
                .containsEntry("ce-source", "kfp-operator/kfp-operator/simulated")
                .containsEntry("ce-subject", "default/train")
                .containsEntry("ce-dataschema", "https://kfpoperator.io/schemas/run-completion/v1.json")
                .containsEntry("content-type", "application/json");
        JsonNode data = parse(delivered.body());
        assertThat(data.path("status").asText()).isEqualTo("succeeded");
        assertThat(data.path("runName").asText()).isEqualTo("default/train");
        assertThat(streamMessages()).hasSize(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "webhook", "outcome", "published")).isEqualTo(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "log", "outcome", "published")).isEqualTo(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "nats", "outcome", "published")).isEqualTo(1);
    }

    @Test
    void webhookThatKeepsFailingMakesA503NamingItAndOnlyItIsAskedAgain() {
        receiver.failNext(3);

        HttpResponse<String> refused = post("application/json", body);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("sink 'webhook' is unavailable").contains("HTTP 500").doesNotContain("nats");
        assertThat(receiver.requests()).hasSize(3);
        assertThat(get(Run.class, "train").getStatus().getCompletionState()).isEqualTo("Succeeded");

        HttpResponse<String> retried = post("application/json", body);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(receiver.requests()).hasSize(4);
        assertThat(streamMessages()).hasSize(1);
        // The stream took it the first time and was not asked again.
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "nats", "outcome", "published")).isEqualTo(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "nats", "outcome", "duplicate")).isZero();
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "webhook", "outcome", "failed")).isEqualTo(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "webhook", "outcome", "published")).isEqualTo(1);
    }
}

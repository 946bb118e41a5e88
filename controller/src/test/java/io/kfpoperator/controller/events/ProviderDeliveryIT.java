package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.provider.simulated.SimulatedRun;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import io.kfpoperator.providerservice.metrics.ProviderMetrics.EventResult;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the controller submits Runs to the simulated platform, the real provider-service
 * completion event loop finds them finished and posts them to the endpoint, which records them and
 * publishes to a real nats-server.
 */
class ProviderDeliveryIT extends EventsTestBase {

    private CompletionSender sender;
    private ProviderMetrics providerMetrics;

    private static String run(String name) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: %s, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  pipeline: hello
                  artifacts:
                    - {name: pushed-model, path: "trainer:model[pushed == true]"}
                    - {name: unpushed-model, path: "trainer:model[pushed == false]"}
                """.formatted(name);
    }

    @BeforeEach
    void startSender() throws IOException {
        harness.platform.setRunDuration(Duration.ofSeconds(1));
        sender = CompletionSender.start(harness.platform, endpoint());
        providerMetrics = sender.metrics;
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
    }

    @AfterEach
    void stopSender() throws IOException {
        sender.close();
    }

    @Test
    void providerSentCompletionOfARunIsRecordedAndSeenOnTheStreamAndByCoreSubscribers() throws Exception {
        Subscription core = observer().subscribe("events");
        observer().flush(Duration.ofSeconds(5));

        harness.apply(run("train"));

        Run completed = awaitResource(Run.class, "train",
                r -> r.getStatus() != null && "Succeeded".equals(r.getStatus().getCompletionState()) && r.getStatus().getMarkedCompletedAt() != null);
        assertThat(completed.getStatus().getCompletionState()).isEqualTo("Succeeded");
        SimulatedRun platformRun = harness.platform.runs().get(0);
        String eventId = "kfp-operator/simulated/" + platformRun.id() + "/succeeded";

        eventually().until(() -> streamMessages().size() == 1);
        MessageInfo stored = streamMessages().get(0);
        assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(eventId);
        JsonNode cloudEvent = parse(stored.getData());
        assertThat(cloudEvent.path("id").asText()).isEqualTo(eventId);
        assertThat(cloudEvent.path("type").asText()).isEqualTo("org.kubeflow.pipelines.run-completion");
        assertThat(cloudEvent.path("source").asText()).isEqualTo("kfp-operator/kfp-operator/simulated");
        assertThat(cloudEvent.path("dataschema").asText()).isEqualTo("https://kfpoperator.io/schemas/run-completion/v1.json");
        JsonNode data = cloudEvent.path("data");
        assertThat(data.path("status").asText()).isEqualTo("succeeded");
        assertThat(data.path("runName").asText()).isEqualTo("default/train");
        assertThat(data.path("pipelineName").asText()).isEqualTo("default/hello");
        assertThat(data.path("runId").asText()).isEqualTo(platformRun.id());
        assertThat(data.path("artifacts")).hasSize(1);
        assertThat(data.path("artifacts").get(0).path("name").asText()).isEqualTo("pushed-model");
        assertThat(data.path("artifacts").get(0).path("location").asText())
                .isEqualTo("simulated://runs/" + platformRun.id() + "/trainer/model");

        Message seenByCore = core.nextMessage(Duration.ofSeconds(10));
        assertThat(seenByCore).isNotNull();
        assertThat(seenByCore.getData()).isEqualTo(stored.getData());
        assertThat(providerMetrics.eventsSent(EventResult.Success)).isEqualTo(1);
    }

    @Test
    void eventsSentDuringANatsOutageArriveExactlyOnceAfterItByTheSendersRetries() {
        nats.stop();

        Stream.of("first", "second", "third").forEach(name -> harness.apply(run(name)));

        // The endpoint refuses while the stream is down, so the sender keeps the event and retries.
        eventually().until(() -> counter(EventMetrics.RECEIVED, "outcome", "sink_unavailable") >= 2
                && providerMetrics.eventsSent(EventResult.RecoverableFailure) >= 2);
        assertThat(providerMetrics.eventsSent(EventResult.Success)).isZero();
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "accepted")).isZero();

        nats.start();

        eventually().until(() -> providerMetrics.eventsSent(EventResult.Success) == 3);
        List<String> ids = streamMessages().stream().map(m -> m.getHeaders().getFirst("Nats-Msg-Id")).toList();
        assertThat(ids).hasSize(3).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(harness.platform.runs().stream()
                        .map(r -> "kfp-operator/simulated/" + r.id() + "/succeeded").toList());
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "accepted")).isEqualTo(3);
        Stream.of("first", "second", "third").forEach(name ->
                assertThat(get(Run.class, name).getStatus().getCompletionState()).isEqualTo("Succeeded"));
    }
}

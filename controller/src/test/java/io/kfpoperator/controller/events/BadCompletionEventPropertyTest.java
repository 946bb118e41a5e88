package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.apiserver.testing.BadInput;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.slf4j.LoggerFactory;

/**
 * Bad completion events (issue #19), each the event a provider service posts when a run ends with
 * one change, posted to the run-completion endpoint: 400 whose error names the field, never a 5xx
 * and never a status written for an event that is then refused.
 */
class BadCompletionEventPropertyTest {

    private static final String RUN_ID = "run-of-this-try";
    private static final String PROVIDER = "kfp-operator/simulated";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static TestCluster cluster;
    private static RunCompletionEvents events;
    private static Level logLevel;

    @BeforeContainer
    static void start() {
        // The log sink writes every event at INFO; a thousand of them say nothing here.
        ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.kfpoperator");
        logLevel = ours.getLevel();
        ours.setLevel(Level.WARN);
        cluster = TestCluster.withOurCrds();
        create(Run.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: train, namespace: default}
                spec:
                  provider: kfp-operator/simulated
                  pipeline: hello
                  artifacts:
                    - {name: model, path: "trainer:model"}
                """);
        create(RunConfiguration.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: base, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    artifacts:
                      - {name: pushed-model, path: "trainer:model[pushed == true]"}
                  triggers: {onChange: []}
                """);
        events = RunCompletionEvents.start(cluster.client, ConfigLoader.load(null, Map.of("spec.events.sinks", "[{type: log}]")), 0,
                new EventRecorder(cluster.client, Clock.systemUTC()), new SimpleMeterRegistry());
    }

    @AfterContainer
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.kfpoperator")).setLevel(logLevel);
    }

    private static <T extends HasMetadata> void create(Class<T> type, String yaml) {
        cluster.client.resource(cluster.client.getKubernetesSerialization().unmarshal(yaml, type)).create();
    }

    /** A run of the RunConfiguration "base" whose Run "train" still exists, with one artifact. */
    static ObjectNode validEvent() {
        RunCompletionEventData event = new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", "default/base",
                "default/train", RUN_ID, OffsetDateTime.parse("2026-11-25T10:00:00Z"), OffsetDateTime.parse("2026-11-25T10:02:30Z"),
                List.of(new PipelineComponent("trainer", List.of(new ComponentArtifact("model", List.of(
                        new ArtifactInstance("gs://bucket/run-7/model", Map.of("pushed", BadInput.JSON.getNodeFactory().booleanNode(true)))))))),
                PROVIDER);
        return EventJson.MAPPER.valueToTree(event);
    }

    /** The same event as the data of a structured CloudEvent. */
    static ObjectNode validCloudEvent() {
        ObjectNode envelope = BadInput.JSON.createObjectNode().put("specversion", "1.0").put("id", "anything")
                .put("source", "provider/simulated").put("type", "org.kubeflow.pipelines.run-completion-data")
                .put("datacontenttype", "application/json");
        envelope.set("data", validEvent());
        return envelope;
    }

    // ---------------------------------------------------------------- bad events found by generated input (shrunk)

    private static HttpResponse<String> postWithRunId(String contentType, JsonNode event) {
        return post(contentType, BadInput.write(event, BadInput.Format.JSON_TEXT).replace(RUN_ID, "run-" + TRIES.incrementAndGet()));
    }

    private static ObjectNode pushed(ObjectNode event) {
        return (ObjectNode) event.at("/pipelineComponents/0/componentArtifacts/0/artifacts/0/metadata");
    }

    @Example
    void startTimeWithASignedYearIsRefusedNamingItNotAServerError() {
        ObjectNode event = validEvent().put("runStartTime", "-2026-11-25T10:00:00Z");

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText())
                .isEqualTo("runStartTime: '-2026-11-25T10:00Z' is not an RFC 3339 time (the year must have four digits)");
    }

    @Example
    void runLongerThanATimerHoldsIsRecordedNotAServerError() {
        ObjectNode event = validEvent().put("runStartTime", "0001-01-01T00:00:00Z");

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(parse(response.body()).path("outcome").asText()).isEqualTo("accepted");
    }

    @Example
    void bodyCutShortInAValueIsInvalidJsonNotAFieldOfTheWrongType() {
        HttpResponse<String> response = post(EventDecoder.JSON, "{\"status\":\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).startsWith("the body is not valid JSON: ");
    }

    @Example
    void providerThatIsNoKubernetesNameIsRefusedBeforeAnyStatusIsWritten() {
        String before = cluster.client.resources(Run.class).inNamespace("default").withName("train").get().getMetadata().getResourceVersion();
        ObjectNode event = validEvent().put("status", "failed").put("provider", "kfp-operator/simulated ");

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo("provider: 'kfp-operator/simulated ' is not namespace/name of "
                + "Kubernetes names (lower-case letters, digits, '-', and '.' in the name)");
        assertThat(cluster.client.resources(Run.class).inNamespace("default").withName("train").get().getMetadata().getResourceVersion())
                .isEqualTo(before);
    }

    @Example
    void numberPastFloat64InArtifactMetadataIsRefusedNamingItNotAServerError() {
        ObjectNode event = validEvent();
        pushed(event).set("pushed", BadInput.JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1E+400")));

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo(
                "pipelineComponents[0].componentArtifacts[0].artifacts[0].metadata.pushed: the number is out of range (it must fit a float64)");
    }

    @Example
    void numberPastFloat64InACloudEventIsRefusedNotPassedOnAsTheStringInfinity() {
        ObjectNode cloudEvent = validCloudEvent();
        pushed((ObjectNode) cloudEvent.get("data")).set("pushed", BadInput.JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1E+400")));

        HttpResponse<String> response = postWithRunId(EventDecoder.CLOUDEVENTS_JSON, cloudEvent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo(
                "data.pipelineComponents[0].componentArtifacts[0].artifacts[0].metadata.pushed: the number is out of range (it must fit a float64)");
    }

    @Example
    void cloudEventWhoseDataIsAStringIsRefusedNamingData() {
        ObjectNode cloudEvent = validCloudEvent().put("data", "");

        HttpResponse<String> response = postWithRunId(EventDecoder.CLOUDEVENTS_JSON, cloudEvent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo("data: expected a JSON object (the RunCompletionEventData)");
    }

    private static HttpResponse<String> post(String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(events.localUri()).timeout(ANSWER_WITHIN).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer within " + ANSWER_WITHIN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = EventJson.MAPPER.readTree(body);
            return node == null ? EventJson.MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + body, e);
        }
    }
}

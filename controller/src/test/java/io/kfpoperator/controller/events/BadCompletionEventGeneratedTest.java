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
import io.kfpoperator.apiserver.testing.GeneratedTries;
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
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Generated bad completion events (issue #19): the event a provider service posts when a run ends
 * (as plain JSON, and as the data of a structured CloudEvent), with one field dropped, nulled, of
 * the wrong type, out of bounds, oddly named, deeply nested, unknown or repeated, or its text cut
 * short, posted to the run-completion endpoint. The answer is 400 whose error names the field (or
 * says the body is no event at all), 410 when it names no Run or RunConfiguration that exists, or
 * 200 with the completion recorded in the status of what it names; never a 5xx, never a hang.
 *
 * <p>1000 seeded tries (seed 19): {@code -DbadCompletionEvent.tries=…}, {@code -DbadCompletionEvent.seed=…}, and
 * {@code -DbadCompletionEvent.try=i} to re-run one (see {@link GeneratedTries}).
 */
class BadCompletionEventGeneratedTest {

    private static final String RUN_ID = "run-of-this-try";
    private static final String PROVIDER = "kfp-operator/simulated";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** Numbers the run id of each event sent, tries and examples alike. */
    private static final AtomicInteger RUN_IDS = new AtomicInteger();

    private static TestCluster cluster;
    private static RunCompletionEvents events;
    private static Level logLevel;

    @BeforeAll
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

    @AfterAll
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

    /** A one-off Run's event: it names no RunConfiguration, so a changed run name names nothing that exists. */
    static ObjectNode validRunEvent() {
        ObjectNode event = validEvent();
        event.remove("runConfigurationName");
        return event;
    }

    /** The same event as the data of a structured CloudEvent. */
    static ObjectNode validCloudEvent() {
        ObjectNode envelope = BadInput.JSON.createObjectNode().put("specversion", "1.0").put("id", "anything")
                .put("source", "provider/simulated").put("type", "org.kubeflow.pipelines.run-completion-data")
                .put("datacontenttype", "application/json");
        envelope.set("data", validEvent());
        return envelope;
    }

    record BadEvent(String contentType, BadInput.Mutation mutation) {
        boolean cloudEvent() {
            return contentType.equals(EventDecoder.CLOUDEVENTS_JSON);
        }

        @Override
        public String toString() {
            return (cloudEvent() ? "CloudEvent: " : "event: ") + mutation;
        }
    }

    /** A bad event, a bad one-off Run's event or a bad CloudEvent, each as likely. */
    static BadEvent badEvent(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> new BadEvent(EventDecoder.JSON, BadInput.of(validEvent(), random));
            case 1 -> new BadEvent(EventDecoder.JSON, BadInput.of(validRunEvent(), random));
            default -> new BadEvent(EventDecoder.CLOUDEVENTS_JSON, BadInput.of(validCloudEvent(), random));
        };
    }

    @Test
    void everyBadEventIsRefusedNamingTheFieldOrRecorded() {
        GeneratedTries tries = GeneratedTries.named("badCompletionEvent", 1000, 19);
        tries.run(BadCompletionEventGeneratedTest::badEvent, bad -> refusedNamingTheFieldOrRecorded(bad, tries));
    }

    private static void refusedNamingTheFieldOrRecorded(BadEvent bad, GeneratedTries tries) {
        // A run id of its own for each try: the same event id would be answered as a duplicate of an earlier one.
        String runId = "run-" + RUN_IDS.incrementAndGet();
        String body = bad.mutation().text().replace(RUN_ID, runId);

        HttpResponse<String> response = post(bad.contentType(), body);
        JsonNode answer = parse(response.body());
        tries.collect("answer", response.statusCode() + (answer.has("outcome") ? " " + answer.path("outcome").asText() : ""));

        switch (response.statusCode()) {
            case 400 -> namesTheField(bad, answer.path("error").asText());
            case 410 -> namesNothingThatExists(bad, body);
            case 200 -> recorded(bad, body, answer);
            default -> fail("%s answered %d: %s", bad, response.statusCode(), response.body());
        }
    }

    // ---------------------------------------------------------------- bad events the generated tries found, at their smallest

    private static HttpResponse<String> postWithRunId(String contentType, JsonNode event) {
        return post(contentType, BadInput.write(event, BadInput.Format.JSON_TEXT).replace(RUN_ID, "run-" + RUN_IDS.incrementAndGet()));
    }

    private static ObjectNode pushed(ObjectNode event) {
        return (ObjectNode) event.at("/pipelineComponents/0/componentArtifacts/0/artifacts/0/metadata");
    }

    @Test
    void statusThatIsANumberOrHasASpaceIsRefusedNotReadAsSucceeded() {
        for (JsonNode status : List.<JsonNode>of(BadInput.JSON.getNodeFactory().numberNode(0), BadInput.JSON.getNodeFactory().textNode("succeeded "))) {
            ObjectNode event = validEvent();
            event.set("status", status);

            HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(parse(response.body()).path("error").asText())
                    .isEqualTo("status: '" + status.asText() + "' is not valid (expected succeeded or failed)");
        }
    }

    @Test
    void startTimeWithASignedYearIsRefusedNamingItNotAServerError() {
        ObjectNode event = validEvent().put("runStartTime", "-2026-11-25T10:00:00Z");

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText())
                .isEqualTo("runStartTime: '-2026-11-25T10:00Z' is not an RFC 3339 time (the year must have four digits)");
    }

    @Test
    void runLongerThanATimerHoldsIsRecordedNotAServerError() {
        ObjectNode event = validEvent().put("runStartTime", "0001-01-01T00:00:00Z");

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(parse(response.body()).path("outcome").asText()).isEqualTo("accepted");
    }

    @Test
    void bodyCutShortInAValueIsInvalidJsonNotAFieldOfTheWrongType() {
        HttpResponse<String> response = post(EventDecoder.JSON, "{\"status\":\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).startsWith("the body is not valid JSON: ");
    }

    @Test
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

    @Test
    void numberPastFloat64InArtifactMetadataIsRefusedNamingItNotAServerError() {
        ObjectNode event = validEvent();
        pushed(event).set("pushed", BadInput.JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1E+400")));

        HttpResponse<String> response = postWithRunId(EventDecoder.JSON, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo(
                "pipelineComponents[0].componentArtifacts[0].artifacts[0].metadata.pushed: the number is out of range (it must fit a float64)");
    }

    @Test
    void numberPastFloat64InACloudEventIsRefusedNotPassedOnAsTheStringInfinity() {
        ObjectNode cloudEvent = validCloudEvent();
        pushed((ObjectNode) cloudEvent.get("data")).set("pushed", BadInput.JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1E+400")));

        HttpResponse<String> response = postWithRunId(EventDecoder.CLOUDEVENTS_JSON, cloudEvent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo(
                "data.pipelineComponents[0].componentArtifacts[0].artifacts[0].metadata.pushed: the number is out of range (it must fit a float64)");
    }

    @Test
    void cloudEventWhoseDataIsAStringIsRefusedNamingData() {
        ObjectNode cloudEvent = validCloudEvent().put("data", "");

        HttpResponse<String> response = postWithRunId(EventDecoder.CLOUDEVENTS_JSON, cloudEvent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("error").asText()).isEqualTo("data: expected a JSON object (the RunCompletionEventData)");
    }

    /**
     * Refused: the error ("field: why") names the changed field, one inside it or one holding it, or says the
     * body is no event (or no CloudEvent) at all. A CloudEvent's errors name the fields of its data.
     */
    private static void namesTheField(BadEvent bad, String error) {
        assertThat(error).as("%s", bad).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        String path = bad.mutation().path();
        if (bad.cloudEvent()) {
            path = path.equals("data") ? "" : path.startsWith("data.") ? path.substring("data.".length()) : path;
        }
        List<String> segments = BadInput.segments(path);
        String field = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        int colon = error.indexOf(": ");
        String named = colon > 0 && !error.substring(0, colon).contains(" ") ? error.substring(0, colon) : null;
        String changed = path;
        assertThat(error).as("the error for %s", bad).satisfiesAnyOf(
                e -> assertThat(named).isNotNull().satisfies(n -> assertThat(BadInput.related(changed, n)).isTrue()),
                e -> assertThat(field).isNotEmpty().satisfies(f -> assertThat(e).contains(f)),
                e -> assertThat(e).startsWith("the request body is empty"),
                e -> assertThat(e).startsWith("the body is not valid JSON"),
                e -> assertThat(e).startsWith("the body is not a run completion event"),
                e -> assertThat(bad.cloudEvent()).isTrue().satisfies(c -> assertThat(e).startsWith("the body is not a structured CloudEvent")));
    }

    private static RunCompletionEventData decoded(BadEvent bad, String body) {
        try {
            JsonNode tree = EventJson.MAPPER.readTree(body);
            return EventJson.MAPPER.treeToValue(bad.cloudEvent() ? tree.get("data") : tree, RunCompletionEventData.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gone: neither the Run nor the RunConfiguration the (readable) event names exists. */
    private static void namesNothingThatExists(BadEvent bad, String body) {
        RunCompletionEventData event = decoded(bad, body);
        assertThat(event.runName()).as("%s", bad).isNotEqualTo("default/train");
        assertThat(event.runConfigurationName()).as("%s", bad).isNotEqualTo("default/base");
    }

    /** Taken: the completion is in the status of the Run and, for a success, of the RunConfiguration it names. */
    private static void recorded(BadEvent bad, String body, JsonNode answer) {
        if (answer.path("outcome").asText().equals("duplicate")) {
            // An event id seen before (a changed run id that happens to repeat one): nothing more is written.
            return;
        }
        assertThat(answer.path("outcome").asText()).as("%s", bad).isEqualTo("accepted");
        RunCompletionEventData event = decoded(bad, body);
        // Taken as sent: the status is one of its two words (not, say, a number read as the first of them).
        JsonNode sent = parse(body);
        assertThat((bad.cloudEvent() ? sent.path("data") : sent).path("status").asText(null)).as("%s", bad)
                .isEqualTo(event.status().wireName());
        if ("default/train".equals(event.runName())) {
            Run run = cluster.client.resources(Run.class).inNamespace("default").withName("train").get();
            assertThat(run.getStatus().getCompletionState()).as("%s", bad)
                    .isEqualTo(event.status() == RunCompletionStatus.SUCCEEDED ? "Succeeded" : "Failed");
        }
        if ("default/base".equals(event.runConfigurationName()) && event.status() == RunCompletionStatus.SUCCEEDED) {
            RunConfiguration rc = cluster.client.resources(RunConfiguration.class).inNamespace("default").withName("base").get();
            RunReference succeeded = rc.getStatus().getLatestRuns().getSucceeded();
            assertThat(succeeded.getProviderId()).as("%s", bad).isEqualTo(event.runId());
            List<Artifact> expected = ArtifactResolver.resolve(rc.getSpec().getRun().getArtifacts(), event.pipelineComponents()).artifacts()
                    .stream().map(a -> new Artifact().withName(a.name()).withLocation(a.location())).toList();
            assertThat(Objects.requireNonNullElse(succeeded.getArtifacts(), List.of())).as("%s", bad).isEqualTo(expected);
        }
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

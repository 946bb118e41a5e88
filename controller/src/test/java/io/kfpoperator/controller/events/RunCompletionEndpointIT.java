package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.nats.client.api.MessageInfo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint as a sender sees it: status codes, status updates, idempotency and NATS publishing. */
class RunCompletionEndpointIT extends EventsTestBase {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final OffsetDateTime STARTED = OffsetDateTime.parse("2026-11-25T10:00:00Z");
    private static final OffsetDateTime ENDED = OffsetDateTime.parse("2026-11-25T10:02:30Z");

    private static final String RUN = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: Run
            metadata: {name: train, namespace: default}
            spec:
              provider: kfp-operator/simulated
              pipeline: hello
              artifacts:
                - {name: model, path: "trainer:model"}
            """;

    private static RunCompletionEventData event(String runName, String runConfigurationName, String runId, RunCompletionStatus status,
            List<PipelineComponent> components) {
        return new RunCompletionEventData(status, "default/hello", runConfigurationName, runName, runId, STARTED, ENDED, components,
                PROVIDER_NAME);
    }

    private static List<PipelineComponent> trainerModel(String uri) {
        return List.of(new PipelineComponent("trainer", List.of(new ComponentArtifact("model",
                List.of(new ArtifactInstance(uri, Map.of("pushed", NODES.booleanNode(true))))))));
    }

    private Run runSynced() {
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply(RUN);
        Run run = awaitState(Run.class, "train", SynchronizationState.SUCCEEDED);
        // The reconcilers write their whole status computed from their cache, so a reconcile still in
        // flight can overwrite a completion recorded a moment ago; stopping the controller keeps
        // these endpoint tests about the endpoint (ProviderDeliveryIT covers the live controller).
        harness.stopController();
        return run;
    }

    @Test
    void completionOfARunIsRecordedAndPublishedToJetStreamAsACloudEvent() {
        runSynced();

        HttpResponse<String> response = post("application/json",
                json(event("default/train", null, "run-7", RunCompletionStatus.SUCCEEDED, trainerModel("gs://bucket/run-7/model"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Run run = get(Run.class, "train");
        assertThat(run.getStatus().getCompletionState()).isEqualTo("Succeeded");

        MessageInfo message = streamMessages().get(0);
        assertThat(streamMessages()).hasSize(1);
        assertThat(message.getSubject()).isEqualTo("events");
        assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("kfp-operator/simulated/run-7/succeeded");
        JsonNode cloudEvent = parse(message.getData());
        assertThat(cloudEvent.path("specversion").asText()).isEqualTo("1.0");
        assertThat(cloudEvent.path("type").asText()).isEqualTo("org.kubeflow.pipelines.run-completion");
        assertThat(cloudEvent.path("source").asText()).isEqualTo("kfp-operator/kfp-operator/simulated");
        assertThat(cloudEvent.path("id").asText()).isEqualTo("kfp-operator/simulated/run-7/succeeded");
        assertThat(cloudEvent.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(cloudEvent.path("dataschema").asText()).isEqualTo("https://kfpoperator.io/schemas/run-completion/v1.json");
        JsonNode data = cloudEvent.path("data");
        assertThat(data.path("status").asText()).isEqualTo("succeeded");
        assertThat(data.path("pipelineName").asText()).isEqualTo("default/hello");
        assertThat(data.path("runName").asText()).isEqualTo("default/train");
        assertThat(data.path("runId").asText()).isEqualTo("run-7");
        assertThat(data.path("provider").asText()).isEqualTo(PROVIDER_NAME);
        assertThat(data.path("artifacts")).hasSize(1);
        assertThat(data.path("artifacts").get(0).path("name").asText()).isEqualTo("model");
        assertThat(data.path("artifacts").get(0).path("location").asText()).isEqualTo("gs://bucket/run-7/model");
        assertThat(data.has("pipelineComponents")).isFalse();

        assertThat(counter(EventMetrics.RECEIVED, "outcome", "accepted")).isEqualTo(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "nats", "outcome", "published")).isEqualTo(1);
        assertThat(counter(EventMetrics.RUNS_COMPLETED, "provider", PROVIDER_NAME, "status", "succeeded")).isEqualTo(1);
        assertThat(registry.find(EventMetrics.RUN_DURATION).tags("status", "succeeded").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(150.0);
        assertThat(registry.find(EventMetrics.PUBLISH_DURATION).tags("sink", "nats").timer().count()).isEqualTo(1);
    }

    @Test
    void sameEventPostedThreeTimesChangesStatusOnceAndIsPublishedOnce() {
        runSynced();
        String body = json(event("default/train", null, "run-8", RunCompletionStatus.FAILED, List.of()));

        assertThat(post("application/json", body).statusCode()).isEqualTo(200);
        Run completed = get(Run.class, "train");
        assertThat(completed.getStatus().getCompletionState()).isEqualTo("Failed");
        String resourceVersion = completed.getMetadata().getResourceVersion();

        assertThat(post("application/json", body).statusCode()).isEqualTo(200);
        assertThat(post("application/json", body).statusCode()).isEqualTo(200);

        assertThat(get(Run.class, "train").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(streamMessages()).hasSize(1);
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "accepted")).isEqualTo(1);
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "duplicate")).isEqualTo(2);
        assertThat(counter(EventMetrics.RUNS_COMPLETED, "provider", PROVIDER_NAME, "status", "failed")).isEqualTo(1);
    }

    @Test
    void eventRepeatedAfterAnOperatorRestartIsDroppedByTheStreamByItsId() {
        runSynced();
        String body = json(event("default/train", null, "run-6", RunCompletionStatus.SUCCEEDED, List.of()));
        assertThat(post("application/json", body).statusCode()).isEqualTo(200);
        String resourceVersion = get(Run.class, "train").getMetadata().getResourceVersion();

        // A new process remembers no acknowledged ids: the status is already right and JetStream knows the id.
        events.close();
        events = RunCompletionEvents.start(harness.client, config(), 0,
                new io.kfpoperator.controller.kube.EventRecorder(harness.client, java.time.Clock.systemUTC()), registry);
        assertThat(post("application/json", body).statusCode()).isEqualTo(200);

        assertThat(get(Run.class, "train").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(streamMessages()).hasSize(1);
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "nats", "outcome", "duplicate")).isEqualTo(1);
    }

    @Test
    void structuredCloudEventIsAcceptedLikeThePlainEvent() {
        runSynced();
        String cloudEvent = """
                {"specversion": "1.0", "id": "anything", "source": "provider/simulated", "type": "org.kubeflow.pipelines.run-completion-data",
                 "datacontenttype": "application/json", "data": %s}
                """.formatted(json(event("default/train", null, "run-9", RunCompletionStatus.SUCCEEDED, List.of())));

        HttpResponse<String> response = post("application/cloudevents+json", cloudEvent);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(get(Run.class, "train").getStatus().getCompletionState()).isEqualTo("Succeeded");
        // The id is always the event id of the run outcome, whatever id the envelope had.
        assertThat(streamMessages()).singleElement()
                .satisfies(m -> assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("kfp-operator/simulated/run-9/succeeded"));
    }

    /** A sender's dataschema names the schema of what it sends (a provider's event data), which is not ours to judge. */
    @Test
    void structuredCloudEventIsAcceptedWhateverDataschemaItNames() {
        runSynced();
        List<String> schemas = List.of("https://kfpoperator.io/schemas/run-completion/v1.json",
                "https://provider.example/schemas/run-completion-data/v7.json", "urn:example:run-completion-data:2");
        for (int i = 0; i < schemas.size(); i++) {
            String cloudEvent = """
                    {"specversion": "1.0", "id": "e-%d", "source": "provider/simulated", "type": "org.kubeflow.pipelines.run-completion-data",
                     "datacontenttype": "application/json", "dataschema": "%s", "data": %s}
                    """.formatted(i, schemas.get(i), json(event("default/train", null, "run-1" + i, RunCompletionStatus.SUCCEEDED, List.of())));

            HttpResponse<String> response = post("application/cloudevents+json", cloudEvent);

            assertThat(response.statusCode()).as(schemas.get(i) + ": " + response.body()).isEqualTo(200);
        }
        // What we publish names our schema, whatever the sender's said.
        assertThat(streamMessages()).hasSize(3).allSatisfy(m -> assertThat(parse(m.getData()).path("dataschema").asText())
                .isEqualTo("https://kfpoperator.io/schemas/run-completion/v1.json"));
    }

    @Test
    void runConfigurationRecordsExactlyTheMatchingArtifactsEvenWhenItsRunIsGoneAndItsDependentRuns() {
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: base, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    artifacts:
                      - {name: pushed-model, path: "trainer:model[pushed == true and stage == 'prod']"}
                      - {name: second-model, path: "trainer:model:1"}
                      - {name: blessed-model, path: "trainer:model:1[blessed == true]"}
                      - {name: empty-uri, path: "trainer:model:2"}
                      - {name: no-such-component, path: "evaluator:report"}
                  triggers: {onChange: []}
                """);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: deploy, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters:
                      - name: message
                        valueFrom: {runConfigurationRef: {name: base, outputArtifact: pushed-model}}
                  triggers:
                    runConfigurations: [base]
                """);
        awaitState(RunConfiguration.class, "base", SynchronizationState.SUCCEEDED);
        awaitResource(RunConfiguration.class, "deploy", rc -> rc.getStatus() != null && rc.getStatus().getObservedGeneration() != null);
        List<PipelineComponent> produced = List.of(
                new PipelineComponent("evaluator", List.of()),
                new PipelineComponent("trainer", List.of(new ComponentArtifact("model", List.of(
                        new ArtifactInstance("gs://models/prod", Map.of("pushed", NODES.booleanNode(true), "stage", NODES.textNode("prod"))),
                        new ArtifactInstance("gs://models/candidate", Map.of("pushed", NODES.booleanNode(false), "blessed", NODES.booleanNode(false))),
                        new ArtifactInstance("", Map.of()))))));

        // The Run of this scheduled run has already been deleted (TTL): the RunConfiguration still learns of it.
        HttpResponse<String> response = post("application/json",
                json(event("default/base-deleted", "default/base", "run-77", RunCompletionStatus.SUCCEEDED, produced)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RunReference latest = get(RunConfiguration.class, "base").getStatus().getLatestRuns().getSucceeded();
        assertThat(latest.getProviderId()).isEqualTo("run-77");
        assertThat(latest.getArtifacts()).containsExactly(
                new Artifact().withName("pushed-model").withLocation("gs://models/prod"),
                new Artifact().withName("second-model").withLocation("gs://models/candidate"));
        JsonNode published = parse(streamMessages().get(0).getData()).path("data");
        assertThat(published.path("runConfigurationName").asText()).isEqualTo("default/base");
        assertThat(published.path("artifacts")).hasSize(2);

        eventually().until(() -> harness.platform.runs().stream().anyMatch(r -> "gs://models/prod".equals(r.parameters().get("message"))));
        assertThat(harness.client.resources(Run.class).inNamespace("default").list().getItems()).singleElement()
                .satisfies(run -> assertThat(run.getMetadata().getLabels())
                        .containsEntry("pipelines.kubeflow.org/trigger-type", "runConfiguration")
                        .containsEntry("pipelines.kubeflow.org/trigger-source", "base"));
    }

    private static List<PipelineComponent> greeting(String uri) {
        return List.of(new PipelineComponent("greeter", List.of(new ComponentArtifact("greeting", List.of(new ArtifactInstance(uri, Map.of()))))));
    }

    /**
     * Regression (sandbox tour): after 20 minutes {@code latestRuns.succeeded.artifacts} of
     * hello-world-hourly held 22 {@code greeting}s, one per run so far, and every follow-up Run
     * copied them and took the oldest as its parameter. Each succeeded run replaces the previous
     * one's artifacts, also when its event is delivered again after an operator restart.
     */
    @Test
    void eachSucceededRunReplacesThePreviousRunsArtifactsAndTheDependantRunGetsOnlyTheLatestValue() {
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: hourly, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    artifacts:
                      - {name: greeting, path: "greeter:greeting"}
                  triggers: {onChange: []}
                """);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: follow-up, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters:
                      - name: message
                        valueFrom: {runConfigurationRef: {name: hourly, outputArtifact: greeting}}
                  triggers:
                    runConfigurations: [hourly]
                """);
        awaitState(RunConfiguration.class, "hourly", SynchronizationState.SUCCEEDED);
        awaitResource(RunConfiguration.class, "follow-up", rc -> rc.getStatus() != null && rc.getStatus().getObservedGeneration() != null);
        String first = "gs://greetings/run-4/greeting";
        String second = "gs://greetings/run-5/greeting";

        assertThat(post("application/json", json(event("default/hourly-4", "default/hourly", "run-4", RunCompletionStatus.SUCCEEDED,
                greeting(first)))).statusCode()).isEqualTo(200);
        eventually().until(() -> harness.platform.runs().stream().anyMatch(r -> first.equals(r.parameters().get("message"))));
        assertThat(post("application/json", json(event("default/hourly-5", "default/hourly", "run-5", RunCompletionStatus.SUCCEEDED,
                greeting(second)))).statusCode()).isEqualTo(200);

        RunReference latest = get(RunConfiguration.class, "hourly").getStatus().getLatestRuns().getSucceeded();
        assertThat(latest.getProviderId()).isEqualTo("run-5");
        assertThat(latest.getArtifacts()).containsExactly(new Artifact().withName("greeting").withLocation(second));

        // The follow-up triggered by run-5 depends on run-5's greeting only, and is submitted with it.
        Run followUp = eventually().until(() -> harness.client.resources(Run.class).inNamespace("default").list().getItems().stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getDependencies() != null
                        && r.getStatus().getDependencies().getRunConfigurations() != null
                        && r.getStatus().getDependencies().getRunConfigurations().containsKey("hourly")
                        && "run-5".equals(r.getStatus().getDependencies().getRunConfigurations().get("hourly").getProviderId()))
                .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(followUp.getStatus().getDependencies().getRunConfigurations().get("hourly").getArtifacts())
                .containsExactly(new Artifact().withName("greeting").withLocation(second));
        eventually().until(() -> harness.platform.runs().stream().anyMatch(r -> second.equals(r.parameters().get("message"))));
        assertThat(harness.platform.runs().stream().filter(r -> r.parameters().containsKey("message")).map(r -> r.parameters().get("message")))
                .containsExactlyInAnyOrder(first, second);

        // A restarted operator remembers no acknowledged ids: the repeated event finds the status already right.
        String resourceVersion = get(RunConfiguration.class, "hourly").getMetadata().getResourceVersion();
        events.close();
        events = RunCompletionEvents.start(harness.client, config(), 0,
                new io.kfpoperator.controller.kube.EventRecorder(harness.client, java.time.Clock.systemUTC()), registry);
        assertThat(post("application/json", json(event("default/hourly-5", "default/hourly", "run-5", RunCompletionStatus.SUCCEEDED,
                greeting(second)))).statusCode()).isEqualTo(200);
        RunConfiguration after = get(RunConfiguration.class, "hourly");
        assertThat(after.getStatus().getLatestRuns().getSucceeded().getArtifacts())
                .containsExactly(new Artifact().withName("greeting").withLocation(second));
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void unavailableSinkIsA503NamingItAndTheRetryAfterItRecoversIsPublishedOnce() {
        runSynced();
        String body = json(event("default/train", null, "run-5", RunCompletionStatus.SUCCEEDED, List.of()));
        nats.stop();

        HttpResponse<String> refused = post("application/json", body);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("sink 'nats' is unavailable");
        assertThat(counter(EventMetrics.PUBLISHED, "sink", "nats", "outcome", "failed")).isEqualTo(1);
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "sink_unavailable")).isEqualTo(1);

        nats.start();
        eventually().until(() -> post("application/json", body).statusCode() == 200);

        assertThat(streamMessages()).singleElement()
                .satisfies(m -> assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("kfp-operator/simulated/run-5/succeeded"));
        assertThat(post("application/json", body).statusCode()).isEqualTo(200);
        assertThat(streamMessages()).hasSize(1);
    }

    @Test
    void unknownRunAndRunConfigurationIsGone() {
        HttpResponse<String> response = post("application/json",
                json(event("default/nobody", "default/nothing", "run-1", RunCompletionStatus.SUCCEEDED, List.of())));

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.body()).contains("Run default/nobody and RunConfiguration default/nothing do not exist");
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "gone")).isEqualTo(1);
    }

    @Test
    void requestsOtherThanAJsonPostAreRefusedWithTheirStatusCode() {
        HttpResponse<String> get = send(HttpRequest.newBuilder(endpoint()).GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> text = post("text/plain", "{}");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.body()).contains("text/plain");

        assertThat(post(null, "{}").statusCode()).isEqualTo(415);
        assertThat(send(HttpRequest.newBuilder(endpoint().resolve("/other")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedEventsAre400WithAReasonNamingTheFieldAndTheEndpointKeepsServing() {
        String valid = "\"status\": \"succeeded\", \"runId\": \"r\", \"provider\": \"a/b\", \"runName\": \"default/x\"";
        Map<String, String> reasons = Map.ofEntries(
                Map.entry("", "the request body is empty"),
                Map.entry("{\"status\": ", "the body is not valid JSON"),
                Map.entry("[1, 2]", "the body is not a run completion event: expected a JSON object"),
                Map.entry("{" + valid.replace("succeeded", "running") + "}", "status: 'running' is not valid (expected succeeded or failed)"),
                Map.entry("{" + valid.replace("\"runId\": \"r\", ", "") + "}", "runId: is required"),
                Map.entry("{" + valid.replace("\"provider\": \"a/b\", ", "") + "}", "provider: is required"),
                Map.entry("{" + valid.replace(", \"runName\": \"default/x\"", "") + "}", "runName or runConfigurationName: at least one is required"),
                Map.entry("{" + valid.replace("default/x", "x") + "}", "runName: 'x' is not namespace/name"),
                Map.entry("{" + valid + ", \"runStartTime\": \"yesterday\"}", "runStartTime: 'yesterday' is not valid"),
                Map.entry("{" + valid + ", \"pipelineComponents\": 3}", "pipelineComponents: has the wrong type"),
                Map.entry("{" + valid + ", \"runStartTime\": \"2026-11-25T10:00:00Z\", \"runEndTime\": \"2026-11-25T09:00:00Z\"}",
                        "runEndTime: is before runStartTime"));
        reasons.forEach((body, reason) -> {
            HttpResponse<String> response = post("application/json", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).contains(reason).doesNotContain("Exception").doesNotContain("\tat ");
        });
        HttpResponse<String> notACloudEvent = post("application/cloudevents+json", "{\"id\": \"x\"}");
        assertThat(notACloudEvent.statusCode()).isEqualTo(400);
        assertThat(notACloudEvent.body()).contains("not a structured CloudEvent");

        runSynced();
        assertThat(post("application/json", json(event("default/train", null, "run-2", RunCompletionStatus.SUCCEEDED, List.of())))
                .statusCode()).isEqualTo(200);
        assertThat(counter(EventMetrics.RECEIVED, "outcome", "invalid")).isEqualTo(reasons.size() + 1);
    }
}

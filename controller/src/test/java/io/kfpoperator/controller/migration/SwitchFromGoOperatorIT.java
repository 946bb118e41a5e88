package io.kfpoperator.controller.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.events.NatsServer;
import io.kfpoperator.controller.events.RunCompletionEvents;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.GoProviderStandIn;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/migration.md, step by step: resources and status as the Go operator leaves them (its
 * finalizer, status.version from its recipe, status.provider, Synchronized conditions, a
 * RunSchedule its RunConfiguration owns), a Provider that keeps its Go image with
 * {@code serviceContract: go}, the chart's configuration (a bearer token, a core NATS sink for the
 * old consumers); then our controller starts.
 */
class SwitchFromGoOperatorIT extends ControllerTestBase {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PROVIDER = "kfp-operator/kfp";
    private static final String CONDITION = """
            conditions:
            - {type: Synchronized, status: "True", reason: Succeeded, message: "", observedGeneration: 1, lastTransitionTime: "2026-11-30T09:00:00Z"}
            """;

    private final GoProviderStandIn platform = new GoProviderStandIn()
            .existing("pipeline", "p-1", "default/hello")
            .existing("experiment", "e-1", "default/exp")
            .existing("runschedule", "rs-1", "default/hourly")
            .existing("run", "r-1", "default/once")
            .existing("run", "r-0", "default/hourly-4tq9z");
    private final NatsServer nats = NatsServer.startedWithoutJetStream();
    private RunCompletionEvents events;
    private Connection consumer;
    /** An old-style event handler: the Go operator's RunCompletionEventTrigger gRPC contract. */
    private final List<run_completion_event_trigger.RunCompletionEventTriggerOuterClass.RunCompletionEvent> handled =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private io.grpc.Server handler;

    private io.grpc.Server handler() {
        if (handler == null) {
            try {
                handler = io.grpc.Grpc.newServerBuilderForPort(0, io.grpc.InsecureServerCredentials.create())
                        .addService(new run_completion_event_trigger.RunCompletionEventTriggerGrpc.RunCompletionEventTriggerImplBase() {
                            @Override
                            public void processEventFeed(run_completion_event_trigger.RunCompletionEventTriggerOuterClass.RunCompletionEvent request,
                                                         io.grpc.stub.StreamObserver<com.google.protobuf.Empty> response) {
                                handled.add(request);
                                response.onNext(com.google.protobuf.Empty.getDefaultInstance());
                                response.onCompleted();
                            }
                        }).build().start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return handler;
    }

    @Override
    protected ProviderEndpoints endpoints() {
        return ProviderEndpoints.fixed(platform.uri());
    }

    /** Step 2: the chart's configuration: the events token it requires, and the old consumers' sink (step 3). */
    @Override
    protected OperatorConfig config() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("spec.events.token", "chart-token");
        keys.put("spec.events.sinks", "[{type: nats, mode: core, subject: events, url: '" + nats.url() + "'}]");
        // The Go operator's own key for its gRPC event handlers, as its chart renders it.
        keys.put("spec.runCompletionFeed.endpoints", "[{host: 127.0.0.1, port: " + handler().getPort() + ", path: /}]");
        return ConfigLoader.load(null, keys);
    }

    /** What the Go operator left in the cluster (step 1 has moved it to v1beta1). */
    @Override
    protected void beforeControllerStarts() {
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata: {name: kfp, namespace: kfp-operator}
                spec:
                  serviceImage: ghcr.io/sky-uk/kfp-operator-kfp-provider:0.7.0
                  serviceContract: go
                  serviceAccount: kfp-operator-kfp
                  pipelineRootStorage: gs://bucket/root
                  frameworks: [{name: tfx, image: ghcr.io/sky-uk/kfp-operator-tfx-compiler:0.7.0}]
                """);
        Pipeline pipeline = goLeft(Pipeline.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata: {name: hello, namespace: default, finalizers: [finalizer.pipelines.kubeflow.org]}
                spec:
                  provider: kfp-operator/kfp
                  image: ghcr.io/example/hello:v3
                  framework: {name: tfx, parameters: {pipeline: hello.create_components, beamArgs: [{name: runner, value: DirectRunner}]}}
                """, s -> "provider: {name: kfp-operator/kfp, id: p-1}\nversion: " + Versions.pipeline(((Pipeline) s).getSpec()));
        String pipelineVersion = pipeline.getStatus().getVersion();
        goLeft(Experiment.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Experiment
                metadata: {name: exp, namespace: default, finalizers: [finalizer.pipelines.kubeflow.org]}
                spec: {provider: kfp-operator/kfp, description: nightly training}
                """, s -> "provider: {name: kfp-operator/kfp, id: e-1}\nversion: " + Versions.experiment(((Experiment) s).getSpec()));
        RunConfiguration rc = goLeft(RunConfiguration.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: hourly, namespace: default}
                spec:
                  run: {provider: kfp-operator/kfp, pipeline: hello, experimentName: exp, parameters: [{name: epochs, value: "3"}]}
                  triggers:
                    schedules: [{cronExpression: "0 * * * *"}]
                    onChange: [pipeline, runSpec]
                """, s -> "provider: kfp-operator/kfp\ndependencies: {pipeline: {version: " + pipelineVersion + "}}\n"
                + "triggers: {pipeline: {version: " + pipelineVersion + "}, runSpec: {version: "
                + Versions.runSpec(((RunConfiguration) s).getSpec().getRun()) + "}}\n"
                + "latestRuns: {succeeded: {providerId: r-0, artifacts: [{name: model, location: 'gs://bucket/r-0/model'}]}}");
        // A RunConfiguration started by the first one's runs, and the finished Run the first one made.
        goLeft(RunConfiguration.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: follow-up, namespace: default}
                spec:
                  run: {provider: kfp-operator/kfp, pipeline: hello}
                  triggers: {runConfigurations: [default/hourly]}
                """, s -> "provider: kfp-operator/kfp\ndependencies: {pipeline: {version: " + pipelineVersion + "},"
                + " runConfigurations: {default/hourly: {providerId: r-0, artifacts: [{name: model, location: 'gs://bucket/r-0/model'}]}}}\n"
                + "triggers: {runConfigurations: {default/hourly: {providerId: r-0}}}");
        goLeft(Run.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata:
                  name: hourly-4tq9z
                  namespace: default
                  finalizers: [finalizer.pipelines.kubeflow.org]
                  labels: {pipelines.kubeflow.org/runconfiguration.name: hourly}
                  ownerReferences: [{apiVersion: pipelines.kubeflow.org/v1beta1, kind: RunConfiguration, name: hourly, uid: %s, controller: true, blockOwnerDeletion: true}]
                spec: {provider: kfp-operator/kfp, pipeline: "hello:%s", experimentName: exp, parameters: [{name: epochs, value: "3"}]}
                """.formatted(rc.getMetadata().getUid(), pipelineVersion),
                s -> "provider: {name: kfp-operator/kfp, id: r-0}\nversion: " + Versions.run(((Run) s).getSpec(), pipelineVersion)
                + "\ndependencies: {pipeline: {version: " + pipelineVersion + "}}\ncompletionState: Succeeded\n"
                + "markedCompletedAt: '2026-11-30T08:00:00Z'");
        // Go names the RunSchedule after its RunConfiguration (generateName) and makes it its controller.
        goLeft(RunSchedule.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunSchedule
                metadata:
                  name: hourly-x7k2p
                  namespace: default
                  finalizers: [finalizer.pipelines.kubeflow.org]
                  ownerReferences: [{apiVersion: pipelines.kubeflow.org/v1beta1, kind: RunConfiguration, name: hourly, uid: %s, controller: true, blockOwnerDeletion: true}]
                spec:
                  provider: kfp-operator/kfp
                  pipeline: hello:%s
                  experimentName: exp
                  parameters: [{name: epochs, value: "3"}]
                  schedule: {cronExpression: "0 * * * *"}
                """.formatted(rc.getMetadata().getUid(), pipelineVersion),
                s -> "provider: {name: kfp-operator/kfp, id: rs-1}\nversion: " + Versions.runSchedule(((RunSchedule) s).getSpec()));
        goLeft(Run.class, """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: once, namespace: default, finalizers: [finalizer.pipelines.kubeflow.org]}
                spec: {provider: kfp-operator/kfp, pipeline: hello, experimentName: exp}
                """, s -> "provider: {name: kfp-operator/kfp, id: r-1}\nversion: " + Versions.run(((Run) s).getSpec(), pipelineVersion)
                + "\ndependencies: {pipeline: {version: " + pipelineVersion + "}}");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (events != null) {
            events.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        platform.close();
        nats.close();
        if (handler != null) {
            handler.shutdownNow();
        }
    }

    @Test
    void unchangedResourcesMakeNoProviderCallNoDuplicateAndEventsReachTheOldConsumers() throws Exception {
        // The controller is running: it has taken every platform-backed resource over (its finalizer beside Go's).
        for (Class<? extends CustomResource<?, ?>> kind : List.of(Pipeline.class, Experiment.class, RunSchedule.class, Run.class)) {
            eventually().until(() -> harness.client.resources(kind).inNamespace("default").list().getItems().stream()
                    .allMatch(r -> finalizers(r).contains("pipelines.kubeflow.org/finalizer")));
        }
        // No provider call for anything unchanged, now or on later reconciles.
        eventually().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(platform.requests()).as("provider calls").isEmpty());
        assertThat(platform.objects("pipeline")).hasSize(1);
        assertThat(platform.objects("experiment")).hasSize(1);
        assertThat(platform.objects("runschedule")).hasSize(1);
        assertThat(platform.objects("run")).hasSize(2);
        // The same objects, still pointing at the same platform ids, and no second RunSchedule or Run made.
        assertThat(harness.client.resources(RunSchedule.class).inNamespace("default").list().getItems())
                .singleElement().satisfies(rs -> {
                    assertThat(rs.getMetadata().getName()).isEqualTo("hourly-x7k2p");
                    assertThat(rs.getStatus().getProvider().getId()).isEqualTo("rs-1");
                    assertThat(stateOf(rs)).isEqualTo(SynchronizationState.SUCCEEDED);
                });
        assertThat(harness.client.resources(Run.class).inNamespace("default").list().getItems())
                .extracting(r -> r.getMetadata().getName() + "=" + r.getStatus().getProvider().getId())
                .containsExactlyInAnyOrder("once=r-1", "hourly-4tq9z=r-0");
        eventually().until(() -> stateOf(get(RunConfiguration.class, "follow-up")) == SynchronizationState.SUCCEEDED);
        assertThat(get(Pipeline.class, "hello").getStatus().getProvider().getId()).isEqualTo("p-1");
        assertThat(stateOf(get(Pipeline.class, "hello"))).isEqualTo(SynchronizationState.SUCCEEDED);
        assertThat(get(Experiment.class, "exp").getStatus().getProvider().getId()).isEqualTo("e-1");
        eventually().until(() -> stateOf(get(RunConfiguration.class, "hourly")) == SynchronizationState.SUCCEEDED);

        // Step 3: the Go provider image posts the run's completion without a token; the old consumers get it: {"data": …} on NATS, a gRPC ProcessEventFeed.
        Subscription subscription = consumer().subscribe("events");
        consumer().flush(Duration.ofSeconds(5));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events.localUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"status": "succeeded", "pipelineName": "default/hello", "runName": "default/once", "runId": "r-1",
                         "runStartTime": "2026-12-01T10:00:00Z", "runEndTime": "2026-12-01T10:05:00Z",
                         "pipelineComponents": [], "provider": "kfp-operator/kfp"}
                        """)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Message message = subscription.nextMessage(Duration.ofSeconds(10));
        assertThat(message).as("a message on core subject events").isNotNull();
        JsonNode data = new ObjectMapper().readTree(message.getData()).path("data");
        assertThat(data.path("runId").asText()).isEqualTo("r-1");
        assertThat(data.path("runName").asText()).isEqualTo("default/once");
        assertThat(data.path("provider").asText()).isEqualTo(PROVIDER);
        assertThat(handled).singleElement().satisfies(e -> {
            assertThat(e.getRunId()).isEqualTo("r-1");
            assertThat(e.getRunName()).isEqualTo("default/once");
            assertThat(e.getProvider()).isEqualTo(PROVIDER);
        });
        eventually().until(() -> "Succeeded".equals(get(Run.class, "once").getStatus().getCompletionState()));
        assertThat(platform.writes()).isZero();
    }

    @Override
    protected void afterControllerStarts() {
        events = RunCompletionEvents.start(harness.client, config(), 0, new EventRecorder(harness.client, Clock.systemUTC()),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private Connection consumer() throws Exception {
        if (consumer == null) {
            consumer = Nats.connect(nats.url());
        }
        return consumer;
    }

    private static List<String> finalizers(HasMetadata resource) {
        return resource.getMetadata().getFinalizers() == null ? List.of() : resource.getMetadata().getFinalizers();
    }

    /**
     * Creates {@code yaml} and writes its status as the Go operator does: {@code status(spec)}
     * (YAML) plus observedGeneration and a Succeeded Synchronized condition.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends CustomResource> T goLeft(Class<T> type, String yaml, java.util.function.Function<HasMetadata, String> status) {
        try {
            T parsed = YAML.readValue(yaml, type);
            T created = harness.client.resources(type).resource(parsed).create();
            String statusYaml = status.apply(created) + "\nobservedGeneration: 1\n" + CONDITION;
            Class<?> statusType = statusClass(type);
            Object value = YAML.readValue(statusYaml, statusType);
            created.setStatus(value);
            return harness.client.resources(type).resource(created).updateStatus();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Class<?> statusClass(Class<?> type) {
        return type == Run.class ? io.kfpoperator.api.v1beta1.RunStatus.class
                : type == RunConfiguration.class ? io.kfpoperator.api.v1beta1.RunConfigurationStatus.class
                : type == io.kfpoperator.api.v1beta1.RunSchedule.class ? io.kfpoperator.api.v1beta1.RunScheduleStatus.class
                : io.kfpoperator.api.v1beta1.Status.class;
    }
}

package io.kfpoperator.controller.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.config.SinkType;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The controller harness plus a real nats-server and the run-completion endpoint on a free port,
 * configured as a user would configure the operator (YAML keys through {@link ConfigLoader}).
 */
abstract class EventsTestBase extends ControllerTestBase {

    static final String STREAM = "kfp-operator-events";
    static final String PROVIDER_NAME = "kfp-operator/simulated";

    /** Started before the harness asks for {@link #config()}, which names its URL. */
    protected final NatsServer nats = startNats();
    protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    protected RunCompletionEvents events;
    /** The configuration the endpoint started with; by the end, fixtures a test's config() reads may be gone. */
    private OperatorConfig started;
    private final HttpClient http = HttpClient.newHttpClient();
    private Connection observer;

    @BeforeEach
    void startEvents() {
        started = config();
        events = RunCompletionEvents.start(harness.client, started, 0, new EventRecorder(harness.client, Clock.systemUTC()), registry);
    }

    @AfterEach
    void stopEvents() throws InterruptedException {
        try {
            if (publishesToJetStream()) {
                // Whatever the test looked at, every event it made the operator publish is one a consumer can rely on.
                streamMessages().forEach(message -> PublishedEvents.assertValidStructuredEvent(message.getData()));
            }
        } finally {
            if (events != null) {
                events.close();
            }
            if (observer != null) {
                observer.close();
            }
            nats.close();
        }
    }

    private boolean publishesToJetStream() {
        return started != null && started.spec().events().sinks().stream()
                .anyMatch(sink -> sink.type() == SinkType.NATS && sink.mode() == OperatorConfig.NatsMode.JETSTREAM
                        && STREAM.equals(sink.stream()));
    }

    /** The NATS server the sinks publish to: with JetStream unless a test says otherwise. */
    protected NatsServer startNats() {
        return NatsServer.started();
    }

    /** {@code spec.events.sinks} as YAML; one JetStream sink by default. */
    protected String sinks() {
        return "[{type: nats, url: '" + nats.url() + "'}]";
    }

    protected String token() {
        return "";
    }

    @Override
    protected OperatorConfig config() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("spec.events.sinks", sinks());
        keys.put("spec.events.token", "'" + token() + "'");
        return ConfigLoader.load(null, keys);
    }

    protected HttpResponse<String> post(String contentType, String body) {
        return post(contentType, body, token());
    }

    protected HttpResponse<String> post(String contentType, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(events.localUri()).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null && !bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected URI endpoint() {
        return events.localUri();
    }

    protected static String json(RunCompletionEventData event) {
        try {
            return EventJson.MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode parse(byte[] json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected synchronized Connection observer() {
        if (observer == null) {
            try {
                observer = Nats.connect(nats.url());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return observer;
    }

    /** Every message stored in the events stream, oldest first; none when nothing created the stream. */
    protected List<MessageInfo> streamMessages() {
        try {
            JetStreamManagement management = observer().jetStreamManagement();
            if (!management.getStreamNames().contains(STREAM)) {
                return List.of();
            }
            long count = management.getStreamInfo(STREAM).getStreamState().getMsgCount();
            long first = management.getStreamInfo(STREAM).getStreamState().getFirstSequence();
            List<MessageInfo> messages = new ArrayList<>();
            for (long seq = first; messages.size() < count; seq++) {
                messages.add(management.getMessage(STREAM, seq));
            }
            return messages;
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    protected double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A Pipeline and a Run of it, synced; then the controller stops, so the test's events are the
     * only writers of their status (see RunCompletionEndpointIT.runSynced).
     */
    protected void syncedRunThenControllerStopped() {
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata: {name: train, namespace: default}
                spec: {provider: kfp-operator/simulated, pipeline: hello}
                """);
        awaitState(Run.class, "train", SynchronizationState.SUCCEEDED);
        harness.stopController();
    }

    protected static String pipeline() {
        return io.kfpoperator.controller.testing.Manifests.staticPipeline("hello", "hello:v1");
    }
}

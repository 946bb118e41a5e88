package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import run_completion_event_trigger.RunCompletionEventTriggerGrpc;
import run_completion_event_trigger.RunCompletionEventTriggerOuterClass.RunCompletionEvent;

/**
 * Event handlers written for the Go operator: it calls {@code RunCompletionEventTrigger.ProcessEventFeed}
 * on every endpoint of {@code runCompletionFeed.endpoints}. A real gRPC server built from that
 * contract's proto receives what we send when the same configuration key names it.
 */
class GrpcTriggerSinkIT extends EventsTestBase {

    private final List<RunCompletionEvent> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private Server handler;

    private Server handler() {
        if (handler == null) {
            try {
                handler = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                        .addService(new RunCompletionEventTriggerGrpc.RunCompletionEventTriggerImplBase() {
                            @Override
                            public void processEventFeed(RunCompletionEvent request, StreamObserver<com.google.protobuf.Empty> response) {
                                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                    response.onError(Status.UNAVAILABLE.withDescription("handler restarting").asRuntimeException());
                                    return;
                                }
                                received.add(request);
                                response.onNext(com.google.protobuf.Empty.getDefaultInstance());
                                response.onCompleted();
                            }
                        }).build().start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return handler;
    }

    /** The Go operator's key, as its chart renders it from manager.runcompletionWebhook.endpoints. */
    @Override
    protected OperatorConfig config() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("spec.events.sinks", "[]");
        keys.put("spec.runCompletionFeed.endpoints", "[{host: 127.0.0.1, port: " + handler().getPort() + ", path: /}]");
        return ConfigLoader.load(null, keys);
    }

    @BeforeEach
    void run() {
        syncedRunThenControllerStopped();
    }

    @AfterEach
    void stopHandler() {
        handler.shutdownNow();
    }

    private final String body = json(new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "default/hello", null, "default/train",
            "run-9", OffsetDateTime.parse("2026-12-01T10:00:00Z"), OffsetDateTime.parse("2026-12-01T10:05:30.250Z"), List.of(), PROVIDER_NAME));

    @Test
    void theHandlerGetsTheEventAsTheTriggerContractsMessage() {
        HttpResponse<String> response = post("application/json", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.getStatus().name()).isEqualTo("SUCCEEDED");
            assertThat(event.getPipelineName()).isEqualTo("default/hello");
            assertThat(event.getRunName()).isEqualTo("default/train");
            assertThat(event.getRunConfigurationName()).isEmpty();
            assertThat(event.getRunId()).isEqualTo("run-9");
            assertThat(event.getProvider()).isEqualTo(PROVIDER_NAME);
            assertThat(event.getRunEndTime().getSeconds()).isEqualTo(OffsetDateTime.parse("2026-12-01T10:05:30Z").toEpochSecond());
            assertThat(event.getRunEndTime().getNanos()).isEqualTo(250_000_000);
        });
    }

    @Test
    void anUnavailableHandlerIsA503NamingItsSinkAndTheRetryReachesIt() {
        failNext.set(1);

        HttpResponse<String> refused = post("application/json", body);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("sink 'endpoint-0-127.0.0.1' is unavailable").contains("UNAVAILABLE");
        assertThat(received).isEmpty();

        HttpResponse<String> retried = post("application/json", body);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(received).hasSize(1);
    }
}

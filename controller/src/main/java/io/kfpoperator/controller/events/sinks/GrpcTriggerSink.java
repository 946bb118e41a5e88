package io.kfpoperator.controller.events.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.kfpoperator.controller.config.OperatorConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import run_completion_event_trigger.RunCompletionEventTriggerGrpc;
import run_completion_event_trigger.RunCompletionEventTriggerOuterClass.Artifact;
import run_completion_event_trigger.RunCompletionEventTriggerOuterClass.RunCompletionEvent;
import run_completion_event_trigger.RunCompletionEventTriggerOuterClass.Status;

/**
 * Calls {@code RunCompletionEventTrigger.ProcessEventFeed} on one endpoint, as the Go operator does
 * for each of its {@code runCompletionFeed.endpoints}: the event as that contract's message,
 * plaintext (the Go operator uses insecure credentials), one call per event with the sink's
 * timeout as deadline. Any error makes the sink unavailable, so the sender retries; handlers see an
 * event at least once, as with every other sink.
 */
public final class GrpcTriggerSink implements EventSink {

    private final OperatorConfig.Sink config;
    private final ManagedChannel channel;
    private final RunCompletionEventTriggerGrpc.RunCompletionEventTriggerBlockingStub stub;

    public GrpcTriggerSink(OperatorConfig.Sink config) {
        this.config = config;
        this.channel = ManagedChannelBuilder.forTarget(config.url()).usePlaintext().build();
        this.stub = RunCompletionEventTriggerGrpc.newBlockingStub(channel);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Delivery publish(OutgoingEvent event) throws SinkUnavailableException {
        RunCompletionEvent message = message(event);
        try {
            stub.withDeadlineAfter(config.timeout().toMillis(), TimeUnit.MILLISECONDS).processEventFeed(message);
            return Delivery.PUBLISHED;
        } catch (StatusRuntimeException e) {
            throw new SinkUnavailableException(name(), config.url() + " answered " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
        }
    }

    /** The CloudEvent's data (the Go operator's RunCompletionEvent JSON) as the contract's message. */
    static RunCompletionEvent message(OutgoingEvent event) {
        JsonNode data = event.data();
        RunCompletionEvent.Builder message = RunCompletionEvent.newBuilder()
                .setPipelineName(data.path("pipelineName").asText(""))
                .setProvider(data.path("provider").asText(""))
                .setRunConfigurationName(data.path("runConfigurationName").asText(""))
                .setRunId(data.path("runId").asText(""))
                .setRunName(data.path("runName").asText(""))
                // The contract knows two outcomes; like the Go operator, anything but succeeded is FAILED.
                .setStatus("succeeded".equals(data.path("status").asText()) ? Status.SUCCEEDED : Status.FAILED);
        for (JsonNode artifact : data.path("artifacts")) {
            message.addArtifacts(Artifact.newBuilder()
                    .setName(artifact.path("name").asText(""))
                    .setLocation(artifact.path("location").asText("")));
        }
        timestamp(data.path("runStartTime")).ifPresent(message::setRunStartTime);
        timestamp(data.path("runEndTime")).ifPresent(message::setRunEndTime);
        return message.build();
    }

    private static java.util.Optional<Timestamp> timestamp(JsonNode value) {
        if (!value.isTextual() || value.asText().isEmpty()) {
            return java.util.Optional.empty();
        }
        Instant instant = OffsetDateTime.parse(value.asText()).toInstant();
        return java.util.Optional.of(Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}

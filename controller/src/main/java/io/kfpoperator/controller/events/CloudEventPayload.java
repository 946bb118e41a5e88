package io.kfpoperator.controller.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.kfpoperator.controller.events.sinks.OutgoingEvent;
import io.kfpoperator.provider.events.Artifact;
import io.kfpoperator.provider.events.RunCompletionEvent;
import io.kfpoperator.provider.events.RunCompletionEventData;
import java.net.URI;
import java.util.List;

/**
 * The published form of a completion: a CloudEvent 1.0 with type
 * {@value #TYPE}, source {@code kfp-operator/<provider>}, id = the event id and
 * {@code data} = the RunCompletionEvent (docs/events.md), so consumers' {@code body.data.status}
 * filters keep working.
 */
public final class CloudEventPayload {

    public static final String TYPE = "org.kubeflow.pipelines.run-completion";
    private static final JsonFormat FORMAT = new JsonFormat();

    private CloudEventPayload() {
    }

    static RunCompletionEvent completionEvent(RunCompletionEventData data, List<Artifact> artifacts) {
        return new RunCompletionEvent(data.status(), data.pipelineName(), emptyToNull(data.runConfigurationName()),
                emptyToNull(data.runName()), data.runId(), data.runStartTime(), data.runEndTime(), List.copyOf(artifacts), data.provider());
    }

    static OutgoingEvent outgoing(String id, RunCompletionEvent event) {
        byte[] data;
        try {
            data = EventJson.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run completion events are always serialisable", e);
        }
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("kfp-operator/" + event.provider()))
                .withType(TYPE)
                .withDataContentType(EventDecoder.JSON)
                .withData(data);
        String subject = event.runName() != null ? event.runName() : event.runConfigurationName();
        if (subject != null) {
            builder.withSubject(subject);
        }
        if (event.runEndTime() != null) {
            builder.withTime(event.runEndTime());
        }
        CloudEvent cloudEvent = builder.build();
        return new OutgoingEvent(id, cloudEvent, FORMAT.serialize(cloudEvent));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

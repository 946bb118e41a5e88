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
 * {@value #TYPE}, source {@code kfp-operator/<provider>}, id = the event id,
 * {@code data} = the RunCompletionEvent (docs/events.md), so consumers' {@code body.data.status}
 * filters keep working, and {@code dataschema} = {@link #DATA_SCHEMA}, naming the version of that data.
 */
public final class CloudEventPayload {

    public static final String TYPE = "org.kubeflow.pipelines.run-completion";
    /**
     * The {@code $id} of the JSON Schema of {@code data}, version 1; an identifier, not a download location. A change
     * that could break a consumer of version 1 is a new version: a new URI and schema file (docs/events.md).
     */
    public static final URI DATA_SCHEMA = URI.create("https://kfpoperator.io/schemas/run-completion/v1.json");
    /** That schema in this jar, relative to this class. */
    public static final String DATA_SCHEMA_RESOURCE = "run-completion-v1.schema.json";
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
                .withDataSchema(DATA_SCHEMA)
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

package io.kfpoperator.controller.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.kfpoperator.api.manifest.FieldPaths;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a request body into {@link RunCompletionEventData}: upstream's plain JSON
 * ({@code application/json}) or a CloudEvent in structured mode ({@code application/cloudevents+json})
 * whose {@code data} is that JSON. Every rejection names the field.
 */
final class EventDecoder {

    static final String JSON = "application/json";
    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

    private static final JsonFormat CLOUDEVENTS = new JsonFormat();

    private EventDecoder() {
    }

    /** The media type without parameters, lower case; "" when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean supported(String mediaType) {
        return JSON.equals(mediaType) || CLOUDEVENTS_JSON.equals(mediaType);
    }

    static RunCompletionEventData decode(String mediaType, byte[] body) throws InvalidEventException {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidEventException("the request body is empty");
        }
        byte[] data = CLOUDEVENTS_JSON.equals(mediaType) ? cloudEventData(body) : body;
        RunCompletionEventData event;
        try {
            event = EventJson.MAPPER.readValue(data, RunCompletionEventData.class);
        } catch (InvalidFormatException e) {
            throw new InvalidEventException(FieldPaths.of(e) + ": '" + e.getValue() + "' is not valid"
                    + (e.getTargetType() == RunCompletionStatus.class ? " (expected succeeded or failed)" : ""));
        } catch (JsonMappingException e) {
            // Jackson's own message names Java types, which mean nothing to a sender: say which field instead.
            throw new InvalidEventException(FieldPaths.of(e).isEmpty() ? "the body is not a run completion event: expected a JSON object"
                    : FieldPaths.of(e) + ": has the wrong type (see the RunCompletionEventData schema in docs/events.md)");
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("the body cannot be read: " + e.getMessage());
        }
        if (event == null) {
            throw new InvalidEventException("the body is not a run completion event: null");
        }
        validate(event);
        return event;
    }

    private static byte[] cloudEventData(byte[] body) throws InvalidEventException {
        CloudEvent cloudEvent;
        try {
            cloudEvent = CLOUDEVENTS.deserialize(body);
        } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidEventException("the body is not a structured CloudEvent: " + cause.getMessage());
        }
        if (cloudEvent.getData() == null) {
            throw new InvalidEventException("data: is required (the RunCompletionEventData)");
        }
        String dataType = cloudEvent.getDataContentType();
        if (dataType != null && !mediaType(dataType).equals(JSON) && !mediaType(dataType).endsWith("+json")) {
            throw new InvalidEventException("datacontenttype: '" + dataType + "' is not JSON");
        }
        return cloudEvent.getData().toBytes();
    }

    /** Required fields of a RunCompletionEventData (docs/events.md) and what the event id and status updates need. */
    private static void validate(RunCompletionEventData event) throws InvalidEventException {
        if (event.status() == null) {
            throw new InvalidEventException("status: is required (succeeded or failed)");
        }
        if (blank(event.runId())) {
            throw new InvalidEventException("runId: is required");
        }
        if (blank(event.provider())) {
            throw new InvalidEventException("provider: is required (namespace/name)");
        }
        if (blank(event.runName()) && blank(event.runConfigurationName())) {
            throw new InvalidEventException("runName or runConfigurationName: at least one is required");
        }
        namespaced("provider", event.provider());
        namespaced("runName", event.runName());
        namespaced("runConfigurationName", event.runConfigurationName());
        if (event.runStartTime() != null && event.runEndTime() != null && event.runEndTime().isBefore(event.runStartTime())) {
            throw new InvalidEventException("runEndTime: is before runStartTime");
        }
    }

    private static void namespaced(String field, String value) throws InvalidEventException {
        if (blank(value)) {
            return;
        }
        NamespacedName name = NamespacedName.tryParse(value).orElse(null);
        if (name == null || name.namespace().isEmpty()) {
            throw new InvalidEventException(field + ": '" + value + "' is not namespace/name");
        }
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

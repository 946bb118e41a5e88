package io.kfpoperator.controller.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.manifest.FieldPaths;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.validation.KubernetesNames;
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
        // Read as JSON first: text cut short inside a field is no valid JSON, not a field of the wrong type
        // (Jackson's binding would report it at the field it was reading). Numbers are checked in the body as sent:
        // the CloudEvents reader would hand on 1e400 as the string "Infinity".
        boolean cloudEvent = CLOUDEVENTS_JSON.equals(mediaType);
        JsonNode tree = readJson(body);
        String outOfRange = beyondFloat64(tree, "");
        if (outOfRange != null) {
            throw new InvalidEventException(outOfRange + ": the number is out of range (it must fit a float64)");
        }
        if (cloudEvent) {
            tree = readJson(cloudEventData(body));
        }
        if (!tree.isObject() && !tree.isNull()) {
            // A string or number is no event either; Jackson would report it at no field (": '' is not valid").
            throw new InvalidEventException(cloudEvent ? "data: expected a JSON object (the RunCompletionEventData)"
                    : "the body is not a run completion event: expected a JSON object");
        }
        // Exactly one of the two words: Jackson would also read 0 (the first value) and "succeeded " (trimmed).
        JsonNode status = tree.path("status");
        if (!status.isMissingNode() && !status.isNull() && !(status.isTextual() && java.util.Arrays.stream(RunCompletionStatus.values())
                .anyMatch(s -> s.wireName().equals(status.asText())))) {
            throw new InvalidEventException("status: '" + (status.isTextual() ? status.asText() : status.toString())
                    + "' is not valid (expected succeeded or failed)");
        }
        RunCompletionEventData event;
        try {
            event = EventJson.MAPPER.treeToValue(tree, RunCompletionEventData.class);
        } catch (InvalidFormatException e) {
            throw new InvalidEventException(FieldPaths.of(e) + ": '" + e.getValue() + "' is not valid"
                    + (e.getTargetType() == RunCompletionStatus.class ? " (expected succeeded or failed)" : ""));
        } catch (JsonMappingException e) {
            // Jackson's own message names Java types, which mean nothing to a sender: say which field instead.
            throw new InvalidEventException(FieldPaths.of(e).isEmpty() ? "the body is not a run completion event: expected a JSON object"
                    : FieldPaths.of(e) + ": has the wrong type (see the RunCompletionEventData schema in docs/events.md)");
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (event == null) {
            throw new InvalidEventException("the body is not a run completion event: null");
        }
        validate(event);
        return event;
    }

    private static JsonNode readJson(byte[] json) throws InvalidEventException {
        JsonNode tree;
        try {
            tree = EventJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("the body cannot be read: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidEventException("the body is not valid JSON: no content");
        }
        return tree;
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
        rfc3339("runStartTime", event.runStartTime());
        rfc3339("runEndTime", event.runEndTime());
        if (event.runStartTime() != null && event.runEndTime() != null && event.runEndTime().isBefore(event.runStartTime())) {
            throw new InvalidEventException("runEndTime: is before runStartTime");
        }
    }

    /**
     * Go's time (the Go operator and consumers of the published event) reads RFC 3339, whose year has four digits;
     * Java also reads ISO 8601's signed and longer years, which would be passed on unreadable.
     */
    private static void rfc3339(String field, java.time.OffsetDateTime time) throws InvalidEventException {
        if (time != null && (time.getYear() < 0 || time.getYear() > 9999)) {
            throw new InvalidEventException(field + ": '" + time + "' is not an RFC 3339 time (the year must have four digits)");
        }
    }

    /**
     * A namespace and the name of an object in it, as Kubernetes names them: nothing else can be looked up, and
     * the event's CloudEvent source and subject are built from them (a space or '%' would make no URI).
     */
    private static void namespaced(String field, String value) throws InvalidEventException {
        if (blank(value)) {
            return;
        }
        NamespacedName name = NamespacedName.tryParse(value).orElse(null);
        if (name == null || name.namespace().isEmpty()) {
            throw new InvalidEventException(field + ": '" + value + "' is not namespace/name");
        }
        if (name.namespace().length() > 63 || !KubernetesNames.DNS_LABEL.matcher(name.namespace()).matches()
                || name.name().length() > 253 || !KubernetesNames.DNS_SUBDOMAIN.matcher(name.name()).matches()) {
            throw new InvalidEventException(field + ": '" + value + "' is not namespace/name of Kubernetes names"
                    + " (lower-case letters, digits, '-', and '.' in the name)");
        }
    }

    /**
     * The first number past float64 (1e400), where Go's json stops (the Go operator answers 400) and Jackson reads
     * Infinity, which no filter or sink can use.
     */
    private static String beyondFloat64(JsonNode node, String path) {
        if (node.isNumber()) {
            return Double.isInfinite(node.doubleValue()) ? path : null;
        }
        if (node.isObject()) {
            for (java.util.Map.Entry<String, JsonNode> field : node.properties()) {
                String found = beyondFloat64(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = beyondFloat64(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

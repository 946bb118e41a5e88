package io.kfpoperator.controller.events.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.io.IOException;

/**
 * One run-completion event as sinks publish it: the CloudEvent and its structured-mode JSON
 * (serialised once, so every sink sends the same bytes).
 *
 * @param id             the event id ({@code <provider>/<runId>/<status>}), also the CloudEvent id
 * @param cloudEvent     the CloudEvent, for sinks that send it in binary mode
 * @param structuredJson {@code application/cloudevents+json} bytes
 */
public record OutgoingEvent(String id, CloudEvent cloudEvent, byte[] structuredJson) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The CloudEvent's data, the Go operator's RunCompletionEvent, for sinks that send it in another shape (JSON null when absent). */
    public JsonNode data() {
        if (cloudEvent.getData() == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(cloudEvent.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalStateException("a run completion event's data is always JSON", e);
        }
    }
}

package io.kfpoperator.controller.events.sinks;

import io.cloudevents.CloudEvent;

/**
 * One run-completion event as sinks publish it: the CloudEvent and its structured-mode JSON
 * (serialised once, so every sink sends the same bytes).
 *
 * @param id             the event id ({@code <provider>/<runId>/<status>}), also the CloudEvent id
 * @param cloudEvent     the CloudEvent, for sinks that send it in binary mode
 * @param structuredJson {@code application/cloudevents+json} bytes
 */
public record OutgoingEvent(String id, CloudEvent cloudEvent, byte[] structuredJson) {
}

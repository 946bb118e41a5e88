package io.kfpoperator.controller.events.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.controller.config.OperatorConfig;
import io.nats.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on a core NATS subject in the Go operator's shape: its run-completion-event-trigger
 * sends {@code {"data": <RunCompletionEvent>}} with no headers, so Argo Events sensors and
 * subscribers written for it (filters on {@code body.data.status}) keep working, on servers
 * without JetStream too. Core NATS keeps nothing: the flush after each publish confirms the
 * server took the message, not that anyone received it.
 */
public final class NatsCoreSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(NatsCoreSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperatorConfig.Sink config;
    private final NatsConnection connection;

    public NatsCoreSink(OperatorConfig.Sink config) {
        this.config = config;
        this.connection = new NatsConnection(config);
    }

    @Override
    public String name() {
        return config.name();
    }

    /** Connects now if it can; a failure is logged and retried at the first publish. */
    public NatsCoreSink start() {
        try {
            connection.get();
        } catch (SinkUnavailableException e) {
            LOG.warn("{}; will connect at the first event", e.getMessage());
        }
        return this;
    }

    @Override
    public Delivery publish(OutgoingEvent event) throws SinkUnavailableException {
        Connection nats = connection.get();
        try {
            nats.publish(config.subject(), upstreamPayload(event));
            nats.flush(config.timeout());
            return Delivery.PUBLISHED;
        } catch (TimeoutException e) {
            throw new SinkUnavailableException(name(), "the server did not confirm the publish within " + config.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkUnavailableException(name(), "interrupted while publishing", e);
        } catch (RuntimeException e) {
            // A publish while disconnected (no reconnect buffer) is an IllegalStateException.
            throw new SinkUnavailableException(name(), NatsConnection.describe(e), e);
        }
    }

    /** {@code {"data": …}} around the CloudEvent's data, which is the Go operator's RunCompletionEvent. */
    static byte[] upstreamPayload(OutgoingEvent event) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.set("data", event.data());
        try {
            return JSON.writeValueAsBytes(wrapper);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree is always serialisable", e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

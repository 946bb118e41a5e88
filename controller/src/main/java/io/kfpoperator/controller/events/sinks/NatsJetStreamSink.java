package io.kfpoperator.controller.events.sinks;

import io.kfpoperator.controller.config.OperatorConfig;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to a NATS JetStream stream and waits for the stream's ack. The stream is created when
 * missing (name, subjects, retention limits from the configuration; an existing stream is left as
 * it is). Each message carries {@code Nats-Msg-Id} = event id, so a publish repeated after a lost
 * ack is stored once. Core NATS subscribers of the subject see every message too: JetStream
 * captures messages published on the subject, it does not hide them.
 */
public final class NatsJetStreamSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(NatsJetStreamSink.class);
    /** JetStream's error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    private final OperatorConfig.Sink config;
    private final Object lock = new Object();
    private final NatsConnection connection;
    private volatile boolean streamReady;

    public NatsJetStreamSink(OperatorConfig.Sink config) {
        this.config = config;
        this.connection = new NatsConnection(config);
    }

    @Override
    public String name() {
        return config.name();
    }

    /** Connects and makes sure the stream exists; a failure is logged and retried at the first publish. */
    public NatsJetStreamSink start() {
        try {
            ready();
        } catch (SinkUnavailableException e) {
            LOG.warn("{}; will connect at the first event", e.getMessage());
        }
        return this;
    }

    @Override
    public Delivery publish(OutgoingEvent event) throws SinkUnavailableException {
        Connection nats = ready();
        Headers headers = new Headers()
                .put("Nats-Msg-Id", event.id())
                .put("Content-Type", "application/cloudevents+json");
        NatsMessage message = NatsMessage.builder().subject(config.subject()).headers(headers).data(event.structuredJson()).build();
        PublishOptions options = PublishOptions.builder()
                .messageId(event.id())
                .expectedStream(config.stream())
                .streamTimeout(config.timeout())
                .build();
        try {
            JetStream jetStream = nats.jetStream();
            PublishAck ack = jetStream.publish(message, options);
            return ack.isDuplicate() ? Delivery.DUPLICATE : Delivery.PUBLISHED;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                streamReady = false; // deleted behind our back: create it again at the next attempt
            }
            throw new SinkUnavailableException(name(), "stream " + config.stream() + " refused the event: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // jnats reports a timeout waiting for the ack as an IOException wrapping a TimeoutException,
            // and a publish while disconnected (no reconnect buffer) as an IllegalStateException.
            throw new SinkUnavailableException(name(), NatsConnection.describe(e), e);
        }
    }

    private Connection ready() throws SinkUnavailableException {
        Connection nats = connection.get();
        if (!streamReady) {
            synchronized (lock) {
                if (!streamReady) {
                    ensureStream(nats);
                    streamReady = true;
                }
            }
        }
        return nats;
    }

    private void ensureStream(Connection nats) throws SinkUnavailableException {
        try {
            JetStreamManagement management = nats.jetStreamManagement();
            try {
                management.getStreamInfo(config.stream());
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
            }
            StreamConfiguration.Builder stream = StreamConfiguration.builder()
                    .name(config.stream())
                    .subjects(config.subjects())
                    .storageType(StorageType.File)
                    .maxMessages(config.maxMessages())
                    .maxBytes(config.maxBytes())
                    .duplicateWindow(config.duplicateWindow());
            if (!config.maxAge().isZero()) {
                stream.maxAge(config.maxAge());
            }
            management.addStream(stream.build());
            LOG.info("created JetStream stream {} for subjects {}", config.stream(), config.subjects());
        } catch (JetStreamApiException | IOException | RuntimeException e) {
            throw new SinkUnavailableException(name(), "cannot find or create stream " + config.stream() + ": " + NatsConnection.describe(e), e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

package io.kfpoperator.controller.events.sinks;

import io.kfpoperator.controller.config.OperatorConfig;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A NATS sink's connection: opened at the first use (and again after a failed first attempt); once open, jnats reconnects on its own. */
final class NatsConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnection.class);

    private final OperatorConfig.Sink config;
    private volatile Connection connection;

    NatsConnection(OperatorConfig.Sink config) {
        this.config = config;
    }

    Connection get() throws SinkUnavailableException {
        Connection current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                Options options = Options.builder()
                        .server(config.url())
                        .connectionName("kfp-operator")
                        .connectionTimeout(config.timeout())
                        // Once connected, jnats reconnects on its own for as long as it takes.
                        .maxReconnects(-1)
                        .reconnectWait(Duration.ofMillis(500))
                        // No buffering while disconnected: a publish fails at once and the sender
                        // retries, instead of a stale copy being flushed after a reconnect.
                        .reconnectBufferSize(0)
                        .build();
                try {
                    connection = Nats.connect(options);
                    LOG.info("connected to NATS at {} for sink {}", config.url(), config.name());
                } catch (IOException e) {
                    throw new SinkUnavailableException(config.name(), "cannot connect to " + config.url() + ": " + describe(e), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SinkUnavailableException(config.name(), "interrupted while connecting", e);
                }
            }
            return connection;
        }
    }

    /** What went wrong, in words: jnats wraps a timeout waiting for an answer in an IOException. */
    static String describe(Throwable e) {
        Throwable cause = e.getCause() instanceof TimeoutException ? e.getCause() : e;
        String message = cause.getMessage();
        return cause instanceof TimeoutException ? "no answer within the timeout"
                : cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

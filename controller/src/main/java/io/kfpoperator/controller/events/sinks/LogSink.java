package io.kfpoperator.controller.events.sinks;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each event to the log: for a sandbox without NATS, and to see what consumers would get. */
public final class LogSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

    private final String name;

    public LogSink(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery publish(OutgoingEvent event) {
        LOG.info("run completion event {}: {}", event.id(), new String(event.structuredJson(), StandardCharsets.UTF_8));
        return Delivery.PUBLISHED;
    }

    @Override
    public void close() {
    }
}

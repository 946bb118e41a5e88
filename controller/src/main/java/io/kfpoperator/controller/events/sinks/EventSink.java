package io.kfpoperator.controller.events.sinks;

/**
 * Somewhere run-completion events are published. {@link #publish} returns only once the sink has
 * accepted the event (durably, where the sink can say so), so the endpoint can acknowledge the
 * event to its sender only after every sink has it.
 */
public interface EventSink extends AutoCloseable {

    /** The configured name; the {@code sink} tag of the metrics and the name in a 503 answer. */
    String name();

    /** Accepts {@code event} or throws; must be safe to call again with the same event (by id). */
    Delivery publish(OutgoingEvent event) throws SinkUnavailableException;

    @Override
    void close();

    /** How the sink took the event. */
    enum Delivery {
        PUBLISHED,
        /** The sink already had this event id and kept only the first copy. */
        DUPLICATE
    }
}

package io.kfpoperator.controller.events.sinks;

/** A sink did not accept an event (down, timed out, refused); the sender should try again later. */
public final class SinkUnavailableException extends Exception {

    private final String sink;

    public SinkUnavailableException(String sink, String message, Throwable cause) {
        super("sink '" + sink + "' is unavailable: " + message, cause);
        this.sink = sink;
    }

    public String sink() {
        return sink;
    }
}

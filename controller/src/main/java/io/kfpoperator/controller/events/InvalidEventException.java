package io.kfpoperator.controller.events;

/** A request body that is not a usable run-completion event (400); the message names the field. */
public final class InvalidEventException extends Exception {

    public InvalidEventException(String message) {
        super(message);
    }
}

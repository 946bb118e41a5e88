package io.kfpoperator.controller.compile;

import io.kfpoperator.api.lifecycle.OperationOutcome;

/**
 * A request body could not be built (e.g. a compiled pipeline could not be read). {@code transient}
 * says whether trying again later may help (an unreachable URL) or not (a malformed file).
 */
public class DefinitionException extends RuntimeException {

    private final boolean transientFailure;

    public DefinitionException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** What the state machine makes of it: retried later, or Failed until the spec changes. */
    public OperationOutcome outcome() {
        return transientFailure ? new OperationOutcome.Unavailable(getMessage())
                : new OperationOutcome.Rejected(getMessage());
    }
}

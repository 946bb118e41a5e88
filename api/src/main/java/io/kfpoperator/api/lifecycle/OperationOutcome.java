package io.kfpoperator.api.lifecycle;

/** What came back from a platform call, classified so the state machine can decide without I/O. */
public sealed interface OperationOutcome {

    /** The call succeeded; {@code id} is the platform id (empty after a delete). */
    record Succeeded(String id) implements OperationOutcome {
    }

    /** The platform refused (4xx, 422, 501): retrying the same spec will not help. */
    record Rejected(String message) implements OperationOutcome {
    }

    /** The platform or its service failed or was unreachable (5xx, 429, timeout): retry with backoff. */
    record Unavailable(String message) implements OperationOutcome {
    }

    /**
     * The call was handed on and is still running (an Argo Workflow, a compilation Job); its
     * result arrives with a later reconcile. Not a failure: no backoff, the in-flight state stays.
     */
    record InProgress(String message) implements OperationOutcome {
    }
}

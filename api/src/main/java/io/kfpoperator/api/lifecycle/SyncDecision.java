package io.kfpoperator.api.lifecycle;

/** What to do next for a platform-backed resource. */
public sealed interface SyncDecision {

    /** In sync (or waiting for a spec change): no call, no status write. */
    record NothingToDo() implements SyncDecision {
    }

    /** Record this status without calling the platform. */
    record Record(SyncResult result) implements SyncDecision {
    }

    /** Call the platform, then hand the outcome to {@link SyncStateMachine#afterOperation}. */
    record Call(PlatformOperation operation) implements SyncDecision {
    }

    /** The platform object is gone: remove the finalizer so Kubernetes can delete the resource. */
    record ReleaseFinalizer() implements SyncDecision {
    }
}

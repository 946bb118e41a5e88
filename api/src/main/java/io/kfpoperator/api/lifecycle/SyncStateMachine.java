package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.v1beta1.ProviderAndId;

/**
 * The synchronisation of a platform-backed resource (Pipeline, Experiment, RunSchedule, Run) with
 * its platform, as a pure function, whichever execution engine makes the calls. Upstream's states and messages
 * with our retry rules: transient failures keep the in-flight state and are retried
 * with backoff; permanent failures are {@code Failed} until the spec changes or a retry is
 * requested; a failed update leaves the previous platform object in place (the recorded id is
 * kept); a failed delete is retried rather than left stuck.
 */
public final class SyncStateMachine {

    public static final String PROVIDER_CHANGED = "the provider has changed";
    public static final String ID_WAS_EMPTY = "id was empty";

    private SyncStateMachine() {
    }

    /** Step one: what the facts call for. */
    public static SyncDecision decide(SyncFacts facts) {
        SynchronizationState state = facts.state();
        if (facts.deletionRequested()) {
            if (state == SynchronizationState.DELETED) {
                return new SyncDecision.ReleaseFinalizer();
            }
            if (facts.statusProviderId().isEmpty()) {
                return new SyncDecision.Record(SyncResult.of(SynchronizationState.DELETED, "", facts.statusVersion(), facts.statusProvider()));
            }
            // Delete where the object lives, even if spec.provider was changed since.
            String provider = facts.statusProviderName().isEmpty() ? facts.specProvider() : facts.statusProviderName();
            return new SyncDecision.Call(new PlatformOperation.Delete(provider, facts.statusProviderId()));
        }
        if (!facts.statusProviderName().isEmpty() && !facts.statusProviderName().equals(facts.specProvider())) {
            SyncResult failed = SyncResult.of(SynchronizationState.FAILED, PROVIDER_CHANGED, facts.statusVersion(), facts.statusProvider());
            return state == SynchronizationState.FAILED && facts.statusVersion() != null && facts.statusVersion().equals(facts.desiredVersion())
                    && !facts.retryRequested() ? new SyncDecision.NothingToDo() : new SyncDecision.Record(failed);
        }
        boolean upToDate = facts.desiredVersion().equals(facts.statusVersion());
        switch (state) {
            case SUCCEEDED -> {
                if (upToDate) {
                    return new SyncDecision.NothingToDo();
                }
            }
            case FAILED -> {
                if (upToDate && !facts.retryRequested()) {
                    return new SyncDecision.NothingToDo();
                }
            }
            default -> {
                // UNKNOWN, CREATING, UPDATING (and a stray DELETING/DELETED without deletion): (re)try the call
            }
        }
        return new SyncDecision.Call(facts.statusProviderId().isEmpty()
                ? new PlatformOperation.Create(facts.specProvider())
                : new PlatformOperation.Update(facts.specProvider(), facts.statusProviderId()));
    }

    /**
     * The status to record before calling: the pending operation (state, target version and the
     * object it works on), so that a restart mid-call resumes the same operation and a user sees
     * Creating/Updating/Deleting while the platform works.
     */
    public static SyncResult inFlight(SyncFacts facts, PlatformOperation operation) {
        if (operation instanceof PlatformOperation.Delete delete) {
            return SyncResult.of(SynchronizationState.DELETING, "", facts.statusVersion(),
                    new ProviderAndId().withName(delete.provider()).withId(delete.id()));
        }
        if (operation instanceof PlatformOperation.Update update) {
            return SyncResult.of(SynchronizationState.UPDATING, "", facts.desiredVersion(),
                    new ProviderAndId().withName(update.provider()).withId(update.id()));
        }
        return SyncResult.of(SynchronizationState.CREATING, "", facts.desiredVersion(),
                new ProviderAndId().withName(operation.provider()).withId(""));
    }

    /** Step two: the status after the platform answered {@code operation}. */
    public static SyncResult afterOperation(SyncFacts facts, PlatformOperation operation, OperationOutcome outcome) {
        String desired = facts.desiredVersion();
        if (operation instanceof PlatformOperation.Delete delete) {
            ProviderAndId where = new ProviderAndId().withName(delete.provider()).withId(delete.id());
            if (outcome instanceof OperationOutcome.InProgress p) {
                return SyncResult.of(SynchronizationState.DELETING, p.message(), facts.statusVersion(), where);
            }
            if (outcome instanceof OperationOutcome.Succeeded) {
                return SyncResult.of(SynchronizationState.DELETED, "", facts.statusVersion(), new ProviderAndId().withName(delete.provider()).withId(""));
            }
            return SyncResult.of(SynchronizationState.DELETING, message(outcome), facts.statusVersion(), where).retrying();
        }
        boolean create = operation instanceof PlatformOperation.Create;
        // After a failed update the old object still runs: keep pointing at it.
        ProviderAndId previous = create
                ? new ProviderAndId().withName(operation.provider()).withId("")
                : new ProviderAndId().withName(operation.provider()).withId(facts.statusProviderId());
        if (outcome instanceof OperationOutcome.Succeeded s) {
            return s.id() == null || s.id().isEmpty()
                    ? SyncResult.of(SynchronizationState.FAILED, ID_WAS_EMPTY, desired, previous)
                    : SyncResult.of(SynchronizationState.SUCCEEDED, "", desired, new ProviderAndId().withName(operation.provider()).withId(s.id()));
        }
        if (outcome instanceof OperationOutcome.Rejected r) {
            return SyncResult.of(SynchronizationState.FAILED, r.message(), desired, previous);
        }
        if (outcome instanceof OperationOutcome.InProgress p) {
            return SyncResult.of(create ? SynchronizationState.CREATING : SynchronizationState.UPDATING, p.message(), desired, previous);
        }
        return SyncResult.of(create ? SynchronizationState.CREATING : SynchronizationState.UPDATING, message(outcome), desired, previous).retrying();
    }

    private static String message(OperationOutcome outcome) {
        if (outcome instanceof OperationOutcome.Rejected r) {
            return r.message();
        }
        if (outcome instanceof OperationOutcome.Unavailable u) {
            return u.message();
        }
        return "";
    }
}

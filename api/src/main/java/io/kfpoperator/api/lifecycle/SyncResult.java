package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.v1beta1.ProviderAndId;

/**
 * The status a state machine wants recorded: state, message, version and provider reference.
 * {@code retry} asks the caller to reconcile again after a backoff (transient failure).
 */
public record SyncResult(
        SynchronizationState state,
        String message,
        String version,
        ProviderAndId provider,
        boolean retry) {

    public static SyncResult of(SynchronizationState state, String message, String version, ProviderAndId provider) {
        return new SyncResult(state, message == null ? "" : message, version, provider, false);
    }

    SyncResult retrying() {
        return new SyncResult(state, message, version, provider, true);
    }
}

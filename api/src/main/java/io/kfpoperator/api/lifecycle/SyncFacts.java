package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.v1beta1.ProviderAndId;

/**
 * What the state machine of a platform-backed resource (Pipeline, Experiment, RunSchedule, Run)
 * looks at: the Provider the spec names, what status recorded, the version of the current spec,
 * and whether the resource is being deleted.
 *
 * @param specProvider       spec.provider, "namespace/name"
 * @param state              reason of the Synchronized condition
 * @param statusVersion      status.version
 * @param statusProvider     status.provider (may be null)
 * @param desiredVersion     version of the current spec
 * @param deletionRequested  metadata.deletionTimestamp is set
 * @param retryRequested     the user asked to retry a Failed resource (annotation changed)
 */
public record SyncFacts(
        String specProvider,
        SynchronizationState state,
        String statusVersion,
        ProviderAndId statusProvider,
        String desiredVersion,
        boolean deletionRequested,
        boolean retryRequested) {

    public String statusProviderName() {
        return statusProvider == null || statusProvider.getName() == null ? "" : statusProvider.getName();
    }

    public String statusProviderId() {
        return statusProvider == null || statusProvider.getId() == null ? "" : statusProvider.getId();
    }
}

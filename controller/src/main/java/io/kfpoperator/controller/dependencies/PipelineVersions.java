package io.kfpoperator.controller.dependencies;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.Pipeline;
import java.util.Optional;

/**
 * Which pipeline version a run uses: the one fixed in "name:version", else the version of the
 * Pipeline of that name in the same namespace once it has Succeeded. Either way the Pipeline must
 * exist (a fixed version once the Pipeline is on its platform): deleting a Pipeline deletes its
 * versions from the platform, so a fixed version of a deleted Pipeline cannot run either.
 */
public final class PipelineVersions {

    /** Reason of ParametersResolved=False while the Pipeline exists but has no version to use yet. */
    public static final String NOT_READY = "PipelineNotReady";
    /** Reason of ParametersResolved=False while the Pipeline does not exist (or is being deleted). */
    public static final String NOT_FOUND = "PipelineNotFound";

    /**
     * What the referenced Pipeline offers now.
     *
     * @param exists  false when there is no such Pipeline or it is being deleted
     * @param version the version to use, "" when there is none (yet)
     * @param problem why there is no version, for a condition message; "" when there is one
     */
    public record Lookup(boolean exists, String version, String problem) {
        public boolean ready() {
            return !version.isEmpty();
        }

        /** The reason of the ParametersResolved condition while not ready. */
        public String reason() {
            return exists ? NOT_READY : NOT_FOUND;
        }
    }

    private final KubernetesClient client;

    public PipelineVersions(KubernetesClient client) {
        this.client = client;
    }

    /** The version to use, or empty while there is none. */
    public Optional<String> resolve(String namespace, String pipelineReference) {
        Lookup lookup = lookup(namespace, pipelineReference);
        return lookup.ready() ? Optional.of(lookup.version()) : Optional.empty();
    }

    public Lookup lookup(String namespace, String pipelineReference) {
        PipelineIdentifier identifier = PipelineIdentifier.parse(pipelineReference);
        Pipeline pipeline = client.resources(Pipeline.class).inNamespace(namespace).withName(identifier.name()).get();
        Optional<String> missing = missing(identifier.name(), pipeline);
        if (missing.isPresent()) {
            return new Lookup(false, "", missing.get());
        }
        if (identifier.hasVersion()) {
            // A fixed version needs the pipeline on the platform, not its latest version: a re-created
            // Pipeline is ready for it once it has an id again.
            boolean onPlatform = pipeline.getStatus() != null && pipeline.getStatus().getProvider() != null
                    && pipeline.getStatus().getProvider().getId() != null && !pipeline.getStatus().getProvider().getId().isEmpty();
            return onPlatform ? new Lookup(true, identifier.version(), "")
                    : new Lookup(true, "", "waiting for Pipeline '" + identifier.name() + "' to be created on its platform");
        }
        boolean succeeded = pipeline.getStatus() != null
                && Conditions.synchronizationState(pipeline.getStatus().getConditions()) == SynchronizationState.SUCCEEDED;
        String version = pipeline.getStatus() == null ? null : pipeline.getStatus().getVersion();
        return succeeded && version != null && !version.isEmpty()
                ? new Lookup(true, version, "")
                : new Lookup(true, "", "waiting for Pipeline '" + identifier.name() + "' to succeed");
    }

    /** Why {@code pipeline} (read by {@code name}) cannot be used at all, if it cannot. */
    public static Optional<String> missing(String name, Pipeline pipeline) {
        if (pipeline == null) {
            return Optional.of("Pipeline '" + name + "' does not exist");
        }
        if (pipeline.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("Pipeline '" + name + "' is being deleted");
        }
        return Optional.empty();
    }
}

package io.kfpoperator.controller.dependencies;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.Pipeline;
import java.util.Optional;

/**
 * Which pipeline version a run uses: the one fixed in "name:version", else the version of the
 * Pipeline of that name in the same namespace once it has Succeeded.
 */
public final class PipelineVersions {

    private final KubernetesClient client;

    public PipelineVersions(KubernetesClient client) {
        this.client = client;
    }

    /** The version to use, or empty while there is none yet. */
    public Optional<String> resolve(String namespace, String pipelineReference) {
        PipelineIdentifier identifier = PipelineIdentifier.parse(pipelineReference);
        if (identifier.hasVersion()) {
            return Optional.of(identifier.version());
        }
        Pipeline pipeline = client.resources(Pipeline.class).inNamespace(namespace).withName(identifier.name()).get();
        if (pipeline == null || pipeline.getStatus() == null || pipeline.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        boolean succeeded = Conditions.synchronizationState(pipeline.getStatus().getConditions()) == SynchronizationState.SUCCEEDED;
        String version = pipeline.getStatus().getVersion();
        return succeeded && version != null && !version.isEmpty() ? Optional.of(version) : Optional.empty();
    }
}

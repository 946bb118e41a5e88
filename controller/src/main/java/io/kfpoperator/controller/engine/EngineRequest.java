package io.kfpoperator.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.provider.contract.ResourceType;
import java.util.Optional;

/**
 * One platform operation for an engine to carry out.
 *
 * @param owner      the resource the operation is for (labels and names of anything the engine creates)
 * @param provider   the Provider that receives the call, or null when it no longer exists
 * @param operation  what the state machine asked for
 * @param type       the resource type of the provider REST contract
 * @param version    the version the operation brings the platform to (status.version after success)
 * @param body          the request body the provider service receives for a create or update (a
 *                      Pipeline's already compiled, unless {@code compilerImage} is set); null for a delete
 * @param compilerImage a Pipeline framework's compiler image, for an engine that compiles in its
 *                      own Workflow ({@link ExecutionEngine#compilesInWorkflow}); {@code body} is
 *                      then the definition to compile
 */
public record EngineRequest(HasMetadata owner, Provider provider, PlatformOperation operation, ResourceType type, String version,
                            JsonNode body, Optional<String> compilerImage) {

    /** The body of POST/PUT /resource/pipeline: the definition and the compiled pipeline. */
    public static ObjectNode pipelineRequest(JsonNode definition, JsonNode compiled) {
        ObjectNode body = ProviderServiceClient.JSON.createObjectNode();
        body.set("pipelineDefinition", definition);
        body.set("compiledPipeline", compiled);
        return body;
    }

    /** "namespace/name" of the owner. */
    public String ownerName() {
        return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
    }
}

package io.kfpoperator.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.compile.Compilation;
import io.kfpoperator.provider.contract.ResourceType;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One platform operation for an engine to carry out.
 *
 * @param owner      the resource the operation is for (labels and names of anything the engine creates)
 * @param provider   the Provider that receives the call, or null when it no longer exists
 * @param operation  what the state machine asked for
 * @param type       the resource type of the provider REST contract
 * @param version    the version the operation brings the platform to (status.version after success)
 * @param definition the resource definition as the provider service receives it (after a Pipeline's
 *                   framework patches), built only when a create or update needs it; may throw
 *                   {@link DefinitionException}
 * @param pipeline   for Pipelines, how to compile them; null for other kinds
 */
public record EngineRequest(HasMetadata owner, Provider provider, PlatformOperation operation, ResourceType type, String version,
                            Supplier<JsonNode> definition, PipelineBuild pipeline) {

    /**
     * How a Pipeline becomes a compiled definition.
     *
     * @param frameworkImage the Provider framework's compiler image when the Pipeline's framework is
     *                       listed (the argo engine compiles in the Workflow with it)
     * @param compile        compiles in or for the controller (static, simulated, or a Job)
     */
    public record PipelineBuild(Optional<String> frameworkImage, Function<ObjectNode, Compilation> compile) {
    }

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

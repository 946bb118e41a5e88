package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of POST/PUT /resource/pipeline: the definition plus the compiler's output. */
public record PipelineRequest(PipelineDefinition pipelineDefinition, JsonNode compiledPipeline) {
}

package io.kfpoperator.controller.compile;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.v1beta1.Pipeline;

/**
 * Turns a Pipeline into the platform's compiled definition (KFP IR). Throws
 * {@link io.kfpoperator.controller.engine.DefinitionException} when it cannot, saying whether a
 * retry may help.
 */
public interface PipelineCompiler {

    JsonNode compile(Pipeline pipeline);

    /** A line for the Pipeline's Events saying how it was compiled, or empty when that needs no mention. */
    default String notice(Pipeline pipeline) {
        return "";
    }
}

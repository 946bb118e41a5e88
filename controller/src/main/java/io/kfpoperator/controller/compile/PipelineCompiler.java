package io.kfpoperator.controller.compile;

import io.kfpoperator.api.v1beta1.Pipeline;

/**
 * Turns a Pipeline into the platform's compiled definition (KFP IR). Called on every reconcile
 * of a Pipeline waiting for its definition, so a compiler that runs elsewhere answers
 * {@link Compilation.InProgress} until it is done. Throws
 * {@link DefinitionException} when it cannot compile.
 */
public interface PipelineCompiler {

    Compilation compile(CompileRequest request);

    /** A line for the Pipeline's Events saying how it was compiled, or empty when that needs no mention. */
    default String notice(Pipeline pipeline) {
        return "";
    }
}

package io.kfpoperator.controller.compile;

import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.validation.ResourceValidator;

/** Chooses the compiler by framework: static reads a compiled pipeline, the rest are simulated for now. */
public final class Compilers {

    private final PipelineCompiler staticCompiler;
    private final PipelineCompiler containerCompiler;

    public Compilers(PipelineCompiler staticCompiler, PipelineCompiler containerCompiler) {
        this.staticCompiler = staticCompiler;
        this.containerCompiler = containerCompiler;
    }

    public PipelineCompiler forPipeline(Pipeline pipeline) {
        return ResourceValidator.STATIC_FRAMEWORK.equals(pipeline.getSpec().getFramework().getName()) ? staticCompiler : containerCompiler;
    }
}

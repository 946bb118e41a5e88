package io.kfpoperator.controller.compile;

import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.validation.ResourceValidator;

/**
 * Chooses the compiler by framework: {@code static} reads a compiled pipeline; a framework the
 * Provider lists (with its compiler image) runs in a container, unless this controller runs no
 * pods (the sandbox), where it and any other framework get the simulated compiler.
 */
public final class Compilers {

    private final PipelineCompiler staticCompiler;
    private final PipelineCompiler containerCompiler;
    private final PipelineCompiler simulatedCompiler;

    /** @param containerCompiler the Job compiler, or null when containers are not run (simulated compilation) */
    public Compilers(PipelineCompiler staticCompiler, PipelineCompiler containerCompiler, PipelineCompiler simulatedCompiler) {
        this.staticCompiler = staticCompiler;
        this.containerCompiler = containerCompiler;
        this.simulatedCompiler = simulatedCompiler;
    }

    public PipelineCompiler forPipeline(Pipeline pipeline, Provider provider) {
        if (ResourceValidator.STATIC_FRAMEWORK.equals(pipeline.getSpec().getFramework().getName())) {
            return staticCompiler;
        }
        if (containerCompiler != null && CompileRequest.frameworkOf(pipeline, provider).isPresent()) {
            return containerCompiler;
        }
        return simulatedCompiler;
    }
}

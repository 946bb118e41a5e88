package io.kfpoperator.controller.engine;

import io.kfpoperator.api.lifecycle.OperationOutcome;

/**
 * Picks each Provider's engine: {@code spec.executionEngine}, else the controller's
 * {@code defaultExecutionEngine}. A Provider that selects argo while this controller does not
 * watch Workflows is refused with the setting to change, rather than left waiting forever.
 */
public final class ExecutionEngines implements ExecutionEngine {

    private final io.kfpoperator.api.v1beta1.ExecutionEngine defaultEngine;
    private final ExecutionEngine direct;
    private final ExecutionEngine argo;

    /** @param argo the argo engine, or null when it is not enabled */
    public ExecutionEngines(io.kfpoperator.api.v1beta1.ExecutionEngine defaultEngine, ExecutionEngine direct, ExecutionEngine argo) {
        this.defaultEngine = defaultEngine;
        this.direct = direct;
        this.argo = argo;
    }

    @Override
    public OperationOutcome execute(EngineRequest request) {
        if (selected(request) != io.kfpoperator.api.v1beta1.ExecutionEngine.ARGO) {
            return direct.execute(request);
        }
        if (argo == null) {
            return new OperationOutcome.Rejected("Provider " + request.operation().provider() + " selects the argo execution engine, which"
                    + " this controller has not enabled: set spec.argo.enabled: true in its configuration (Helm: kfp-provider-workflows.enabled)");
        }
        return argo.execute(request);
    }

    @Override
    public OperationOutcome stopRun(io.kfpoperator.api.v1beta1.Provider provider, String id) {
        return direct.stopRun(provider, id);
    }

    @Override
    public boolean compilesInWorkflow(io.kfpoperator.api.v1beta1.Provider provider) {
        return argo != null && selected(provider) == io.kfpoperator.api.v1beta1.ExecutionEngine.ARGO && argo.compilesInWorkflow(provider);
    }

    private io.kfpoperator.api.v1beta1.ExecutionEngine selected(EngineRequest request) {
        return selected(request.provider());
    }

    private io.kfpoperator.api.v1beta1.ExecutionEngine selected(io.kfpoperator.api.v1beta1.Provider provider) {
        var spec = provider == null ? null : provider.getSpec();
        return spec != null && spec.getExecutionEngine() != null ? spec.getExecutionEngine() : defaultEngine;
    }
}

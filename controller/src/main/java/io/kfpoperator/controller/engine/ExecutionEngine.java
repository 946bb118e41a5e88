package io.kfpoperator.controller.engine;

import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.v1beta1.Provider;

/**
 * Runs a state machine's platform operation through a Provider's service. An engine that hands
 * the call on (an Argo Workflow, a compilation Job) answers {@link OperationOutcome.InProgress}
 * and is asked again on a later reconcile, when it answers with the result.
 */
public interface ExecutionEngine {

    OperationOutcome execute(EngineRequest request);

    /**
     * Whether this engine compiles a Pipeline with its framework's compiler image itself (argo:
     * in a Workflow step), so the controller hands it the definition uncompiled.
     */
    default boolean compilesInWorkflow(Provider provider) {
        return false;
    }

    /**
     * Stops run {@code id} on the platform of {@code provider} and keeps it (a Run past its
     * spec.timeout). Not an operation of the sync state machine, and not one upstream's
     * WorkflowTemplates know: every engine makes it as a direct call to the provider service.
     */
    default OperationOutcome stopRun(Provider provider, String id) {
        return new OperationOutcome.Rejected("this execution engine cannot stop runs");
    }
}

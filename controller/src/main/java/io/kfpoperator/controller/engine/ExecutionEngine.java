package io.kfpoperator.controller.engine;

import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.provider.contract.ResourceType;
import java.util.function.Supplier;

/** Runs a state machine's platform operation through a Provider's service. */
public interface ExecutionEngine {

    /**
     * @param definition the request body for create and update, built only when needed
     */
    OperationOutcome execute(PlatformOperation operation, ResourceType type, Supplier<Object> definition);
}

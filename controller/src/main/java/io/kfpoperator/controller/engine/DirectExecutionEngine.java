package io.kfpoperator.controller.engine;

import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.provider.contract.ResourceType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code direct} engine: the controller calls the Provider's service itself, at most
 * {@code maxConcurrentCallsPerProvider} at a time per Provider so one slow platform cannot take
 * every reconcile thread, and a burst cannot overload a provider service.
 */
public final class DirectExecutionEngine implements ExecutionEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DirectExecutionEngine.class);

    private final ProviderEndpoints endpoints;
    private final ProviderServiceClient client;
    private final int maxConcurrentCallsPerProvider;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    public DirectExecutionEngine(ProviderEndpoints endpoints, ProviderServiceClient client, int maxConcurrentCallsPerProvider) {
        this.endpoints = endpoints;
        this.client = client;
        this.maxConcurrentCallsPerProvider = maxConcurrentCallsPerProvider;
    }

    private static Supplier<Object> memoize(Object value) {
        return () -> value;
    }

    @Override
    public OperationOutcome execute(PlatformOperation operation, ResourceType type, Supplier<Object> definition) {
        NamespacedName provider = NamespacedName.parse(operation.provider());
        Optional<URI> endpoint = endpoints.endpoint(provider);
        if (endpoint.isEmpty()) {
            return new OperationOutcome.Unavailable("the provider service of Provider '" + operation.provider() + "' is not available yet");
        }
        Semaphore semaphore = permits.computeIfAbsent(operation.provider(), p -> new Semaphore(maxConcurrentCallsPerProvider, true));
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OperationOutcome.Unavailable("interrupted while waiting for a call slot of Provider '" + operation.provider() + "'");
        }
        try {
            OperationOutcome outcome;
            if (!(operation instanceof PlatformOperation.Delete)) {
                try {
                    definition = memoize(definition.get());
                } catch (DefinitionException e) {
                    return e.isTransient() ? new OperationOutcome.Unavailable(e.getMessage()) : new OperationOutcome.Rejected(e.getMessage());
                }
            }
            if (operation instanceof PlatformOperation.Create) {
                outcome = client.create(endpoint.get(), type, definition.get());
            } else if (operation instanceof PlatformOperation.Update update) {
                outcome = client.update(endpoint.get(), type, update.id(), definition.get());
            } else {
                outcome = client.delete(endpoint.get(), type, ((PlatformOperation.Delete) operation).id());
            }
            LOG.debug("{} {} via {} -> {}", operation.getClass().getSimpleName(), type.pathSegment(), operation.provider(), outcome);
            return outcome;
        } finally {
            semaphore.release();
        }
    }
}

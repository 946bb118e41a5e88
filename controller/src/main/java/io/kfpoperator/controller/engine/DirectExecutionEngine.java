package io.kfpoperator.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.provider.contract.ResourceType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
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

    private final ProviderRequestMetrics metrics;

    public DirectExecutionEngine(ProviderEndpoints endpoints, ProviderServiceClient client, int maxConcurrentCallsPerProvider) {
        this(endpoints, client, maxConcurrentCallsPerProvider, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    public DirectExecutionEngine(ProviderEndpoints endpoints, ProviderServiceClient client, int maxConcurrentCallsPerProvider,
                                 io.micrometer.core.instrument.MeterRegistry registry) {
        this.endpoints = endpoints;
        this.client = client;
        this.maxConcurrentCallsPerProvider = maxConcurrentCallsPerProvider;
        this.metrics = new ProviderRequestMetrics(registry);
    }

    @Override
    public OperationOutcome execute(EngineRequest request) {
        PlatformOperation operation = request.operation();
        ResourceType type = request.type();
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
            long start = System.nanoTime();
            OperationOutcome outcome = call(request, endpoint.get());
            metrics.record(operation, type, outcome, java.time.Duration.ofNanos(System.nanoTime() - start));
            return outcome;
        } finally {
            semaphore.release();
        }
    }

    private OperationOutcome call(EngineRequest request, URI endpoint) {
        PlatformOperation operation = request.operation();
        ResourceType type = request.type();
        JsonNode body = request.body();
        OperationOutcome outcome;
        if (operation instanceof PlatformOperation.Create) {
            outcome = client.create(endpoint, type, body);
        } else if (operation instanceof PlatformOperation.Update update) {
            outcome = client.update(endpoint, type, update.id(), body);
        } else {
            outcome = client.delete(endpoint, type, ((PlatformOperation.Delete) operation).id());
        }
        LOG.debug("{} {} via {} -> {}", operation.getClass().getSimpleName(), type.pathSegment(), operation.provider(), outcome);
        return outcome;
    }
}

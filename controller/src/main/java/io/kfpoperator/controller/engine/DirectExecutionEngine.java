package io.kfpoperator.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.ServiceContract;
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
    private final CreateJournal journal;

    public DirectExecutionEngine(ProviderEndpoints endpoints, ProviderServiceClient client, int maxConcurrentCallsPerProvider) {
        this(endpoints, client, maxConcurrentCallsPerProvider, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    public DirectExecutionEngine(ProviderEndpoints endpoints, ProviderServiceClient client, int maxConcurrentCallsPerProvider,
                                 io.micrometer.core.instrument.MeterRegistry registry) {
        this(endpoints, client, maxConcurrentCallsPerProvider, registry, CreateJournal.inMemory());
    }

    /** @param journal where creates sent to services of the Go contract are remembered until answered */
    public DirectExecutionEngine(ProviderEndpoints endpoints, ProviderServiceClient client, int maxConcurrentCallsPerProvider,
                                 io.micrometer.core.instrument.MeterRegistry registry, CreateJournal journal) {
        this.endpoints = endpoints;
        this.client = client;
        this.maxConcurrentCallsPerProvider = maxConcurrentCallsPerProvider;
        this.metrics = new ProviderRequestMetrics(registry);
        this.journal = journal;
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

    /**
     * POST /resource/run/{id}/stop. Provider images of the Go operator have no stop: for them the
     * run is deleted, which stops it first (its record on the platform goes with it).
     */
    @Override
    public OperationOutcome stopRun(io.kfpoperator.api.v1beta1.Provider provider, String id) {
        String name = provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName();
        Optional<URI> endpoint = endpoints.endpoint(NamespacedName.parse(name));
        if (endpoint.isEmpty()) {
            return new OperationOutcome.Unavailable("the provider service of Provider '" + name + "' is not available yet");
        }
        ServiceContract contract = ServiceContract.of(provider);
        OperationOutcome outcome = contract == ServiceContract.GO ? client.delete(endpoint.get(), ResourceType.RUN, id, contract)
                : client.stop(endpoint.get(), id);
        LOG.debug("stop run {} via {} -> {}", id, name, outcome);
        return outcome;
    }

    private OperationOutcome call(EngineRequest request, URI endpoint) {
        PlatformOperation operation = request.operation();
        ResourceType type = request.type();
        JsonNode body = request.body();
        ServiceContract contract = ServiceContract.of(request.provider());
        OperationOutcome outcome;
        if (operation instanceof PlatformOperation.Create) {
            outcome = contract == ServiceContract.GO ? createOnce(request, endpoint, body) : client.create(endpoint, type, body, contract).outcome();
        } else if (operation instanceof PlatformOperation.Update update) {
            outcome = client.update(endpoint, type, update.id(), body, contract);
        } else {
            outcome = client.delete(endpoint, type, ((PlatformOperation.Delete) operation).id(), contract);
        }
        LOG.debug("{} {} via {} -> {}", operation.getClass().getSimpleName(), type.pathSegment(), operation.provider(), outcome);
        return outcome;
    }

    /**
     * A create on a service whose creates are not idempotent: sent at most once until answered. When
     * its answer is lost after the request may have arrived (a timeout, a connection closed, the
     * controller stopped mid-call), the service may have made the object and the API it speaks has
     * no way to find it, so the create fails instead of being sent again, saying what to do.
     */
    private OperationOutcome createOnce(EngineRequest request, URI endpoint, Object body) {
        if (journal.pending(request.owner())) {
            return new OperationOutcome.Rejected(lostAnswer("an earlier create's answer was never received"));
        }
        journal.sent(request.owner());
        ProviderServiceClient.Sent sent = client.create(endpoint, request.type(), body, ServiceContract.GO);
        if (sent.answerLost()) {
            OperationOutcome.Unavailable why = (OperationOutcome.Unavailable) sent.outcome();
            return new OperationOutcome.Rejected(lostAnswer(why.message()));
        }
        journal.answered(request.owner());
        return sent.outcome();
    }

    static String lostAnswer(String cause) {
        return cause + "; the provider service (serviceContract go) may have created the object, and its creates are not"
                + " idempotent, so the create is not sent again: check the platform, remove the object if it is there, then change"
                + " the annotation " + CreateJournal.RETRY_ANNOTATION + " to create it";
    }
}

package io.kfpoperator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.health.OperationsServer;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The controller as the sandbox runs it: the operator, its run-completion endpoint with the
 * configured sinks, and its metrics and health server; one instance without leader election (the
 * embedded API server cannot answer the access review a lease needs), every Provider served by
 * the sandbox's provider service.
 */
final class InProcessController implements AutoCloseable {

    private final KfpOperatorController.RunningController running;

    private InProcessController(KfpOperatorController.RunningController running) {
        this.running = running;
    }

    static InProcessController start(KubernetesClient client, OperatorConfig config, URI providerService, Clock clock) {
        OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)),
                config.spec());
        return new InProcessController(KfpOperatorController.start(client, single, ProviderEndpoints.fixed(providerService), clock));
    }

    /** The run-completion endpoint ({@code …/events}). */
    URI eventsUri() {
        return running.events().localUri();
    }

    /** The controller's {@code /metrics}, {@code /livez} and {@code /readyz}. */
    Optional<URI> operationsUri() {
        return running.operations().map(OperationsServer::metricsPort).map(port -> URI.create("http://127.0.0.1:" + port));
    }

    @Override
    public void close() {
        running.close();
    }
}

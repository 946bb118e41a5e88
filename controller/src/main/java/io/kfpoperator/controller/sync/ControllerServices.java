package io.kfpoperator.controller.sync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ExecutionEngine;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.metrics.ResourceStates;
import io.kfpoperator.controller.status.StatusRecorder;
import java.time.Clock;

/** What every reconciler needs from outside: the API server, the engine, events, time and configuration. */
public record ControllerServices(
        KubernetesClient client,
        ExecutionEngine engine,
        EventRecorder events,
        Clock clock,
        OperatorConfig config,
        ResourceStates states) {

    /** The writer of every status (stateless: one per reconciler is as good as one in all). */
    public StatusRecorder recorder() {
        return new StatusRecorder(client);
    }

    /** Without exported resource-state metrics (tests that drive a reconciler directly). */
    public ControllerServices(KubernetesClient client, ExecutionEngine engine, EventRecorder events, Clock clock, OperatorConfig config) {
        this(client, engine, events, clock, config, new ResourceStates(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }
}

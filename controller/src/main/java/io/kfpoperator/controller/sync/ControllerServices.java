package io.kfpoperator.controller.sync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ExecutionEngine;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.metrics.ResourceStates;
import java.time.Clock;

/** What every reconciler needs from outside: the API server, the engine, events, time and configuration. */
public record ControllerServices(
        KubernetesClient client,
        ExecutionEngine engine,
        EventRecorder events,
        Clock clock,
        OperatorConfig config,
        ResourceStates states) {

    /** Without exported resource-state metrics (tests that drive a reconciler directly). */
    public ControllerServices(KubernetesClient client, ExecutionEngine engine, EventRecorder events, Clock clock, OperatorConfig config) {
        this(client, engine, events, clock, config, new ResourceStates(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }
}

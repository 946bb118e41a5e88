package io.kfpoperator.controller.engine;

import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.provider.contract.ResourceType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code kfp_operator_provider_request_duration_seconds{provider,operation,outcome}}: how long a
 * platform operation took, whichever engine carried it out (direct: the HTTP call; argo: the
 * Workflow from start to finish).
 */
public final class ProviderRequestMetrics {

    private final MeterRegistry registry;

    public ProviderRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(PlatformOperation operation, ResourceType type, OperationOutcome outcome, Duration duration) {
        Timer.builder("kfp_operator_provider_request_duration_seconds")
                .description("Provider service calls made by the controller (argo engine: the Workflow's duration)")
                .tag("provider", operation.provider())
                .tag("operation", operation.getClass().getSimpleName().toLowerCase() + "_" + type.pathSegment())
                .tag("outcome", outcome.getClass().getSimpleName().toLowerCase())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(duration);
    }
}

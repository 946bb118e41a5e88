package io.kfpoperator.provider.simulated;

import java.time.Instant;
import java.util.Map;

/**
 * Read-only view of a run. {@code name} is "namespace/name" for runs created through the contract
 * and null for runs a schedule fired; {@code scheduleId} is set for the latter. {@code attempt}
 * numbers the platform runs of one Run (1 for the first, and for scheduled runs).
 */
public record SimulatedRun(
        String id,
        String name,
        String version,
        String pipelineName,
        String pipelineVersion,
        String runConfigurationName,
        String experimentName,
        String scheduleId,
        SimulatedRunState state,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> parameters,
        int attempt) {
}

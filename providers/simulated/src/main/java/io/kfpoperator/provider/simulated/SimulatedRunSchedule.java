package io.kfpoperator.provider.simulated;

import io.kfpoperator.provider.contract.RunScheduleDefinition;
import java.time.Instant;

/**
 * Read-only view of a run schedule: its current definition, when it last fired (null: never) and
 * how many firings it skipped because a run it started was still running (concurrencyPolicy Forbid).
 */
public record SimulatedRunSchedule(String id, RunScheduleDefinition definition, Instant lastFiredAt, long skippedFirings) {
}

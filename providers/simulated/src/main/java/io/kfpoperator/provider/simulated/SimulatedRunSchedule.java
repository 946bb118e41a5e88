package io.kfpoperator.provider.simulated;

import io.kfpoperator.provider.contract.RunScheduleDefinition;
import java.time.Instant;

/** Read-only view of a run schedule: its current definition and when it last fired (null: never). */
public record SimulatedRunSchedule(String id, RunScheduleDefinition definition, Instant lastFiredAt) {
}

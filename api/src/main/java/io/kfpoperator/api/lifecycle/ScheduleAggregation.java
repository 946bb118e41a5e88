package io.kfpoperator.api.lifecycle;

import java.util.List;

/**
 * A RunConfiguration's state from its RunSchedules' states: any Failed makes
 * it Failed with that schedule's message, anything still in flight makes it Updating, else
 * Succeeded.
 */
public final class ScheduleAggregation {

    public static final String WAITING_FOR_SCHEDULES = "Waiting for all dependant runschedules to be in a state of Succeeded";

    /** One owned schedule's state and message. */
    public record ScheduleState(SynchronizationState state, String message) {
    }

    private ScheduleAggregation() {
    }

    public static SyncResult aggregate(List<ScheduleState> schedules, String version) {
        for (ScheduleState s : schedules) {
            if (s.state() == SynchronizationState.FAILED) {
                return SyncResult.of(SynchronizationState.FAILED, s.message(), version, null);
            }
        }
        for (ScheduleState s : schedules) {
            if (s.state() != SynchronizationState.SUCCEEDED) {
                return SyncResult.of(SynchronizationState.UPDATING, WAITING_FOR_SCHEDULES, version, null);
            }
        }
        return SyncResult.of(SynchronizationState.SUCCEEDED, "", version, null);
    }
}

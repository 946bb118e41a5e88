package io.kfpoperator.provider.simulated;

/** Where a simulated run is in its life. */
public enum SimulatedRunState {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped on the platform before it finished (reported as failed, stopped). */
    STOPPED
}

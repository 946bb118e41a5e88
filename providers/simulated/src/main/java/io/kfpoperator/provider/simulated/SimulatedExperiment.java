package io.kfpoperator.provider.simulated;

/** Read-only view of an experiment on the simulated platform. */
public record SimulatedExperiment(String id, String name, String version, String description) {
}

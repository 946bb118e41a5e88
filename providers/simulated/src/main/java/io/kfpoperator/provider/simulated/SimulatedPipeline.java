package io.kfpoperator.provider.simulated;

import java.util.List;

/** Read-only view of a pipeline on the simulated platform, with its versions in upload order. */
public record SimulatedPipeline(String id, String name, List<String> versions) {
}

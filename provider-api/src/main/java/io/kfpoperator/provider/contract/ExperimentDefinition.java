package io.kfpoperator.provider.contract;

/** Body of POST/PUT /resource/experiment. {@code name} is "namespace/name". */
public record ExperimentDefinition(String name, String version, String description) {
}

package io.kfpoperator.provider.events;

import java.util.List;

/** A pipeline step (component) of a finished run and its outputs. */
public record PipelineComponent(String name, List<ComponentArtifact> componentArtifacts) {
}

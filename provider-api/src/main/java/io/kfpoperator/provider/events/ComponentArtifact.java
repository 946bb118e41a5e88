package io.kfpoperator.provider.events;

import java.util.List;

/** A named output of a pipeline component, with every instance it produced. */
public record ComponentArtifact(String name, List<ArtifactInstance> artifacts) {
}

package io.kfpoperator.provider.contract;

/** An artifact to surface in completion events; {@code path} is "component:artifact:index[filter]". */
public record OutputArtifact(String name, String path) {
}

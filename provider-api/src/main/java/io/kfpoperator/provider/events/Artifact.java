package io.kfpoperator.provider.events;

/** A resolved output artifact: the OutputArtifact's name and the produced artifact's URI. */
public record Artifact(String name, String location) {
}

package io.kfpoperator.controller.events;

import io.kfpoperator.api.types.ArtifactPath;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import io.kfpoperator.controller.events.filter.ArtifactFilter;
import io.kfpoperator.provider.events.Artifact;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks the artifacts a Run or RunConfiguration asked for ({@code spec.artifacts} paths
 * "component:artifact[:index][[filter]]") out of what the finished run produced:
 * the component by name, its artifact by name, the instance at the index; skipped when the URI is
 * empty or the filter does not match the instance's metadata.
 */
final class ArtifactResolver {

    private ArtifactResolver() {
    }

    /**
     * @param artifacts  what was found, in the order of the requested paths
     * @param problems   requested paths that could not be used (bad path or filter), for the user to fix
     */
    record Resolution(List<Artifact> artifacts, List<String> problems) {
    }

    static Resolution resolve(List<OutputArtifact> requested, List<PipelineComponent> produced) {
        List<Artifact> artifacts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (requested == null) {
            return new Resolution(artifacts, problems);
        }
        for (OutputArtifact output : requested) {
            ArtifactPath path;
            ArtifactFilter filter;
            try {
                path = ArtifactPath.parse(output.getPath());
                filter = ArtifactFilter.parse(path.filter());
            } catch (IllegalArgumentException e) {
                problems.add("artifact '" + output.getName() + "': " + e.getMessage());
                continue;
            }
            ArtifactInstance instance = instance(produced, path);
            if (instance == null || instance.uri() == null || instance.uri().isEmpty() || !filter.matches(instance.metadata())) {
                continue;
            }
            artifacts.add(new Artifact(output.getName(), instance.uri()));
        }
        return new Resolution(artifacts, problems);
    }

    private static ArtifactInstance instance(List<PipelineComponent> produced, ArtifactPath path) {
        if (produced == null) {
            return null;
        }
        for (PipelineComponent component : produced) {
            if (component == null || !Objects.equals(component.name(), path.component()) || component.componentArtifacts() == null) {
                continue;
            }
            for (ComponentArtifact artifact : component.componentArtifacts()) {
                if (artifact != null && Objects.equals(artifact.name(), path.artifact()) && artifact.artifacts() != null
                        && path.index() < artifact.artifacts().size()) {
                    return artifact.artifacts().get(path.index());
                }
            }
        }
        return null;
    }
}

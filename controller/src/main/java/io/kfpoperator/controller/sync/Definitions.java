package io.kfpoperator.controller.sync;

import io.kfpoperator.api.types.ArtifactPath;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import java.util.List;

/** Pieces of provider request bodies shared by runs and run schedules. */
public final class Definitions {

    private Definitions() {
    }

    /** Output artifacts with their paths in canonical form ("component:artifact:index[filter]"). */
    public static List<io.kfpoperator.provider.contract.OutputArtifact> artifacts(List<OutputArtifact> artifacts) {
        return artifacts == null ? List.of() : artifacts.stream()
                .map(a -> new io.kfpoperator.provider.contract.OutputArtifact(a.getName(), ArtifactPath.parse(a.getPath()).toString()))
                .toList();
    }
}

package io.kfpoperator.api.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the shared reference data are, from any module's working directory. */
public final class Repository {

    private Repository() {
    }

    /** The repository root: the nearest directory up that holds the root pom and examples/. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("examples")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    /** ../shared/reference beside the repository (where CI and developers have it). */
    public static Path reference() {
        Path reference = root().resolveSibling("shared").resolve("reference");
        if (!Files.isDirectory(reference)) {
            throw new IllegalStateException("reference data not found at " + reference + ": check out shared/ beside the repository");
        }
        return reference;
    }
}

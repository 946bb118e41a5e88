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

    /** The vendored third-party specifications and samples ({@code reference/}, sources in its README). */
    public static Path reference() {
        return root().resolve("reference");
    }
}

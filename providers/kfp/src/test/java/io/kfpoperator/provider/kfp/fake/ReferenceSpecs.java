package io.kfpoperator.provider.kfp.fake;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the vendored KFP API specifications ({@code reference/kfp-v2beta1} at the repository root),
 * walking up from the working directory of the test JVM.
 */
public final class ReferenceSpecs {

    private ReferenceSpecs() {
    }

    public static Path kfpV2beta1() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("reference").resolve("kfp-v2beta1");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("reference/kfp-v2beta1 not found above " + Path.of("").toAbsolutePath());
    }
}

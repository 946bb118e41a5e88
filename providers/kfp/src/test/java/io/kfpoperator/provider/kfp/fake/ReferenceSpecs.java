package io.kfpoperator.provider.kfp.fake;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code shared/reference} next to the repository checkout (…/main and …/shared are
 * siblings here and in CI), walking up from the working directory of the test JVM.
 */
public final class ReferenceSpecs {

    private ReferenceSpecs() {
    }

    public static Path kfpV2beta1() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("reference").resolve("kfp-v2beta1");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/reference/kfp-v2beta1 not found above "
                + Path.of("").toAbsolutePath() + "; check out the shared folder next to the repository");
    }
}

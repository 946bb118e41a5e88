package io.kfpoperator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs committed in the Helm chart are the ones this build generates from the model. */
class CommittedCrdsTest {

    @Test
    void helmChartHoldsTheCrdsGeneratedFromTheModel() throws IOException {
        Path generated = Repository.root().resolve("api/target/crds");
        Path committed = Repository.root().resolve("helm/kfp-operator/crds");

        assertThat(names(committed)).as("CRD files in %s", committed).isEqualTo(names(generated)).hasSize(6);
        for (String name : names(generated)) {
            assertThat(Files.readString(committed.resolve(name)))
                    .as("%s is stale; regenerate with: mvn -pl api process-classes -Pupdate-crds", committed.resolve(name))
                    .isEqualTo(Files.readString(generated.resolve(name)));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}

package io.kfpoperator.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.manifest.Manifests;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each manifest in src/test/resources/invalid breaks one rule; its first line says which
 * ("# expect: path: message"). Reading plus validating must report exactly that, with the path.
 */
class InvalidManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> invalidManifests() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(InvalidManifestsTest.class.getResource("/invalid")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.sorted().toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(20);
            return all.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("invalidManifests")
    void invalidManifestIsRejectedWithFieldPathAndMessage(Path file) throws IOException {
        String firstLine = Files.readAllLines(file).get(0);
        assertThat(firstLine).startsWith("# expect: ");
        String expected = firstLine.substring("# expect: ".length());

        List<Violation> violations = violationsOf(YAML.readTree(file.toFile()));

        assertThat(violations).as("violations of %s", file.getFileName()).isNotEmpty();
        assertThat(violations.stream().map(Violation::toString))
                .as("violations of %s", file.getFileName())
                .anySatisfy(v -> assertThat(v).startsWith(expected));
    }

    private static List<Violation> violationsOf(JsonNode manifest) {
        try {
            HasMetadata resource = Manifests.read(manifest);
            return ResourceValidator.validate(resource);
        } catch (InvalidResourceException e) {
            return e.violations();
        }
    }
}

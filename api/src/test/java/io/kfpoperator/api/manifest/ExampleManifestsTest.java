package io.kfpoperator.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.testing.Repository;
import io.kfpoperator.api.validation.ResourceValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a new user applies first must be right: every example parses, round-trips, validates. */
class ExampleManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Repository.root().resolve("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleParsesRoundTripsAndPassesTheValidators(Path example) throws IOException {
        JsonNode manifest = YAML.readTree(example.toFile());

        HasMetadata resource = Manifests.read(manifest);

        assertThat((JsonNode) JSON.valueToTree(resource)).as("%s written back", example.getFileName()).isEqualTo(manifest);
        assertThat(ResourceValidator.validate(resource)).as("violations in %s", example.getFileName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidatesAgainstTheGeneratedCrdSchema(Path example) throws IOException {
        JsonNode manifest = YAML.readTree(example.toFile());
        String plural = Manifests.read(manifest).getPlural();
        JsonNode crd = YAML.readTree(Repository.root().resolve("api/target/crds/pipelines.kubeflow.org_" + plural + ".yaml").toFile());
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");

        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        Set<ValidationMessage> problems = validator.validate(manifest);

        assertThat(problems).as("schema violations in %s", example.getFileName()).isEmpty();
    }
}

package io.kfpoperator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl explain} documents the whole API: the root of every generated CRD schema and
 * every property in it, spec and status, ours and the embedded core/v1 types, has a description.
 * Ours come from {@code @JsonPropertyDescription} in the model (and the kinds'
 * {@code @JsonClassDescription}), the core/v1 ones from core-v1-fields.yaml.
 *
 * <p>The one exception is the root's metadata: the API server refuses a CRD whose root metadata
 * schema specifies anything but {@code type: object} (and restrictions of name and generateName),
 * a description included. It publishes ObjectMeta's documentation there, which kubectl explain
 * shows.
 */
class CrdDescriptionsTest {

    private static final String ROOT_METADATA = ".metadata";

    static Stream<String> crds() {
        return GeneratedCrds.files();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyPropertyHasADescription(String file) {
        JsonNode schema = GeneratedCrds.schema(file);
        List<String> undescribed = new ArrayList<>();
        GeneratedCrds.walk(schema, node -> {
            if ((node.property() || node.path().equals(".")) && !node.path().equals(ROOT_METADATA)
                    && node.schema().path("description").asText("").isBlank()) {
                undescribed.add(node.path());
            }
        });
        assertThat(undescribed).as("properties of %s without a description", file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void rootMetadataSaysNothingButItsType(String file) {
        assertThat(GeneratedCrds.schema(file).path("properties").path("metadata"))
                .as("root metadata schema of %s", file)
                .hasToString("{\"type\":\"object\"}");
    }
}

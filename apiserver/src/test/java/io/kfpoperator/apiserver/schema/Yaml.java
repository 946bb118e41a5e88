package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kfpoperator.apiserver.FieldError;

import java.io.UncheckedIOException;
import java.util.List;

/** Test input written as YAML (or JSON, which is YAML too). */
public final class Yaml {

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    public static JsonNode node(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String yaml) {
        return (ObjectNode) node(yaml);
    }

    static StructuralSchema schema(String yaml) {
        return StructuralSchema.of(node(yaml));
    }

    /** The errors as kube-apiserver prints them. */
    static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }
}

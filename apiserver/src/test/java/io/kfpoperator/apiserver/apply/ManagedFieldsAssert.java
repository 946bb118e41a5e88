package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts managedFields as text, so that key order (which kube keeps sorted) counts too. */
final class ManagedFieldsAssert {

    private ManagedFieldsAssert() {
    }

    static void assertManagedFields(JsonNode object, String expectedJson) {
        try {
            String expected = Fixtures.JSON.writeValueAsString(Fixtures.JSON.readTree(expectedJson));
            String actual = Fixtures.JSON.writeValueAsString(Fixtures.managedFields(object));
            assertThat(actual).isEqualTo(expected);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The object without managedFields, to compare the rest with {@code isEqualTo}. */
    static JsonNode withoutManagedFields(JsonNode object) {
        JsonNode copy = object.deepCopy();
        ManagedFields.removeFrom(copy);
        return copy;
    }
}

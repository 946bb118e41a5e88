package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The checker behind the compatibility test: a failing example per rule, and the changes it must let through. */
class SchemaCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A released schema in the shape of ours, small enough to read in each example. */
    private static final String RELEASED = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.test/event/v1.json",
             "type": "object", "required": ["status", "id", "items"],
             "properties": {
               "status": {"type": "string", "enum": ["succeeded", "failed"]},
               "id": {"type": "string", "minLength": 1},
               "note": {"type": "string", "description": "optional"},
               "ended": {"type": "string", "format": "date-time"},
               "items": {"type": "array", "items": {"type": "object", "required": ["name"],
                 "properties": {"name": {"type": "string"}, "location": {"type": "string"}}}}
             },
             "anyOf": [{"required": ["id"]}, {"required": ["note"]}]}
            """;

    private static ObjectNode released() {
        try {
            return (ObjectNode) JSON.readTree(RELEASED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode changed(Consumer<ObjectNode> change) {
        ObjectNode schema = released();
        change.accept(schema);
        return schema;
    }

    private static ObjectNode property(ObjectNode schema, String name) {
        return (ObjectNode) schema.path("properties").path(name);
    }

    private static ObjectNode item(ObjectNode schema) {
        return (ObjectNode) schema.path("properties").path("items").path("items");
    }

    static Stream<Arguments> breakingChanges() {
        return Stream.of(
                Arguments.of("a required property made optional", changed(s -> ((ArrayNode) s.get("required")).remove(1)),
                        "$.id: no longer required"),
                Arguments.of("an optional property removed", changed(s -> ((ObjectNode) s.get("properties")).remove("note")),
                        "$.note: property removed"),
                Arguments.of("a property of the array's items removed", changed(s -> ((ObjectNode) item(s).get("properties")).remove("location")),
                        "$.items[].location: property removed"),
                Arguments.of("a type changed", changed(s -> property(s, "id").put("type", "integer")),
                        "$.id: type changed from [string] to [integer]"),
                Arguments.of("a type widened to allow null", changed(s -> property(s, "note").putArray("type").add("string").add("null")),
                        "$.note: type changed from [string] to [null, string]"),
                Arguments.of("a type dropped (any value allowed)", changed(s -> property(s, "ended").remove("type")),
                        "$.ended: type changed from [string] to any"),
                Arguments.of("the items' type changed", changed(s -> item(s).put("type", "string")),
                        "$.items[]: type changed from [object] to [string]"),
                Arguments.of("an optional property made required", changed(s -> ((ArrayNode) s.get("required")).add("note")),
                        "$.note: newly required"),
                Arguments.of("a new property added as required", changed(s -> {
                    ((ObjectNode) s.get("properties")).putObject("attempts").put("type", "integer");
                    ((ArrayNode) s.get("required")).add("attempts");
                }), "$.attempts: newly required"),
                Arguments.of("a property of the items made required", changed(s -> ((ArrayNode) item(s).get("required")).add("location")),
                        "$.items[].location: newly required"),
                Arguments.of("an enum value removed", changed(s -> property(s, "status").putArray("enum").add("succeeded")),
                        "$.status: enum value failed removed"),
                Arguments.of("an enum value added", changed(s -> ((ArrayNode) property(s, "status").get("enum")).add("cancelled")),
                        "$.status: enum value cancelled added"),
                Arguments.of("an enum dropped", changed(s -> property(s, "status").remove("enum")),
                        "$.status: enum removed"),
                Arguments.of("the object closed to unknown properties", changed(s -> s.put("additionalProperties", false)),
                        "$: additionalProperties closed (false)"),
                Arguments.of("the items closed to unknown properties", changed(s -> item(s).put("additionalProperties", false)),
                        "$.items[]: additionalProperties closed (false)"),
                Arguments.of("unknown properties constrained", changed(s -> s.putObject("additionalProperties").put("type", "string")),
                        "$: additionalProperties closed ({\"type\":\"string\"})"),
                Arguments.of("the items no longer described", changed(s -> ((ObjectNode) s.path("properties").path("items")).remove("items")),
                        "$.items[]: items no longer described"),
                Arguments.of("a format dropped", changed(s -> property(s, "ended").remove("format")),
                        "$.ended: format changed from \"date-time\" to null"),
                Arguments.of("a length constraint changed", changed(s -> property(s, "id").put("minLength", 0)),
                        "$.id: minLength changed from 1 to 0"),
                Arguments.of("a pattern added", changed(s -> property(s, "id").put("pattern", "^[a-z]+$")),
                        "$.id: pattern changed from null to \"^[a-z]+$\""),
                Arguments.of("a composition changed", changed(s -> ((ArrayNode) s.get("anyOf")).remove(1)),
                        "$: anyOf changed from [{\"required\":[\"id\"]},{\"required\":[\"note\"]}] to [{\"required\":[\"id\"]}]"),
                Arguments.of("the schema's id changed within the version", changed(s -> s.put("$id", "https://example.test/event/v1.1.json")),
                        "$: $id changed from \"https://example.test/event/v1.json\" to \"https://example.test/event/v1.1.json\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingChanges")
    void aChangeThatCouldBreakAConsumerIsReported(String change, JsonNode current, String reported) {
        assertThat(SchemaCompatibility.breakingChanges(released(), current)).as(change).containsExactly(reported);
    }

    static Stream<Arguments> compatibleChanges() {
        return Stream.of(
                Arguments.of("nothing changed", released()),
                Arguments.of("an optional property added", changed(s -> ((ObjectNode) s.get("properties")).putObject("attempts")
                        .put("type", "integer").put("minimum", 1))),
                Arguments.of("an optional property of the items added", changed(s -> ((ObjectNode) item(s).get("properties")).putObject("digest")
                        .put("type", "string"))),
                Arguments.of("descriptions, titles and examples edited", changed(s -> {
                    s.put("title", "Event");
                    property(s, "id").put("description", "The run's id").putArray("examples").add("run-1");
                    property(s, "note").remove("description");
                })),
                Arguments.of("unknown properties allowed in so many words", changed(s -> s.put("additionalProperties", true))),
                Arguments.of("the same values in another order", changed(s -> property(s, "status").putArray("enum").add("failed").add("succeeded"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleChanges")
    void aChangeNoConsumerCanNoticeIsLetThrough(String change, JsonNode current) {
        assertThat(SchemaCompatibility.breakingChanges(released(), current)).as(change).isEmpty();
    }

    @Test
    void aNarrowedTypeIsReported() {
        ObjectNode releasedWithNull = changed(s -> property(s, "note").putArray("type").add("string").add("null"));

        assertThat(SchemaCompatibility.breakingChanges(releasedWithNull, released()))
                .containsExactly("$.note: type changed from [null, string] to [string]");
    }

    @Test
    void everyBreakingChangeOfOneRevisionIsReported() {
        ObjectNode current = changed(s -> {
            ((ObjectNode) s.get("properties")).remove("note");
            property(s, "status").put("type", "integer");
            ((ArrayNode) s.get("required")).add("ended");
        });

        assertThat(SchemaCompatibility.breakingChanges(released(), current)).containsExactlyInAnyOrder(
                "$.ended: newly required", "$.note: property removed", "$.status: type changed from [string] to [integer]");
    }
}

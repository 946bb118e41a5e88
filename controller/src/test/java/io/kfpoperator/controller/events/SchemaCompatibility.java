package io.kfpoperator.controller.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a revision of a published JSON Schema keeps the promise of the released one: every event
 * published under the same {@code dataschema} is valid by both, so consumers written against either
 * keep working. That leaves one compatible change: a new optional property (objects stay open to
 * unknown properties). Compared rule by rule, recursively through {@code properties} and
 * {@code items}:
 * <ul>
 *   <li>no required property stops being required, and none becomes required;</li>
 *   <li>no property is removed;</li>
 *   <li>no {@code type} changes, narrowed or widened (a consumer relies on it both ways);</li>
 *   <li>no {@code enum} value is removed or added (a consumer of the released schema refuses a new one);</li>
 *   <li>{@code additionalProperties} is not closed, nor changed when the released schema constrained it;</li>
 *   <li>any other keyword the checker does not reason about ({@code format}, {@code minLength},
 *       {@code anyOf}, {@code $id}, …) stays as it was; annotations ({@code description}, …) may change.</li>
 * </ul>
 */
final class SchemaCompatibility {

    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "examples", "$comment", "default", "deprecated",
            "readOnly", "writeOnly");
    private static final Set<String> BY_RULE = Set.of("type", "required", "properties", "items", "enum", "additionalProperties");

    private SchemaCompatibility() {
    }

    /** The changes from {@code released} to {@code current} that could break a consumer, each naming its place ({@code $.artifacts[].name}); empty when none. */
    static List<String> breakingChanges(JsonNode released, JsonNode current) {
        List<String> breaking = new ArrayList<>();
        compare("$", released, current, breaking);
        return breaking;
    }

    private static void compare(String at, JsonNode released, JsonNode current, List<String> breaking) {
        if (!released.isObject() || !current.isObject()) {
            // Boolean schemas (true/false): nothing to compare but themselves.
            if (!released.equals(current)) {
                breaking.add(at + ": schema changed from " + released + " to " + current);
            }
            return;
        }
        Set<String> releasedTypes = strings(released.path("type"));
        Set<String> currentTypes = strings(current.path("type"));
        if (!releasedTypes.equals(currentTypes)) {
            breaking.add(at + ": type changed from " + describe(releasedTypes) + " to " + describe(currentTypes));
        }
        Set<String> releasedRequired = strings(released.path("required"));
        Set<String> currentRequired = strings(current.path("required"));
        releasedRequired.stream().filter(name -> !currentRequired.contains(name))
                .forEach(name -> breaking.add(at + "." + name + ": no longer required"));
        currentRequired.stream().filter(name -> !releasedRequired.contains(name))
                .forEach(name -> breaking.add(at + "." + name + ": newly required"));
        released.path("properties").properties().forEach(property -> {
            JsonNode now = current.path("properties").get(property.getKey());
            if (now == null) {
                breaking.add(at + "." + property.getKey() + ": property removed");
            } else {
                compare(at + "." + property.getKey(), property.getValue(), now, breaking);
            }
        });
        if (released.has("items") && current.has("items")) {
            compare(at + "[]", released.get("items"), current.get("items"), breaking);
        } else if (released.has("items") || current.has("items")) {
            breaking.add(at + "[]: items " + (released.has("items") ? "no longer described" : "newly constrained"));
        }
        Set<String> releasedValues = strings(released.path("enum"));
        Set<String> currentValues = strings(current.path("enum"));
        if (released.has("enum") != current.has("enum")) {
            breaking.add(at + ": enum " + (released.has("enum") ? "removed" : "added"));
        } else {
            releasedValues.stream().filter(value -> !currentValues.contains(value))
                    .forEach(value -> breaking.add(at + ": enum value " + value + " removed"));
            currentValues.stream().filter(value -> !releasedValues.contains(value))
                    .forEach(value -> breaking.add(at + ": enum value " + value + " added"));
        }
        JsonNode releasedAdditional = released.path("additionalProperties");
        JsonNode currentAdditional = current.path("additionalProperties");
        if (open(releasedAdditional) && !open(currentAdditional)) {
            breaking.add(at + ": additionalProperties closed (" + currentAdditional + ")");
        } else if (!open(releasedAdditional) && !releasedAdditional.equals(currentAdditional)) {
            breaking.add(at + ": additionalProperties changed from " + releasedAdditional + " to " + currentAdditional);
        }
        Set<String> keywords = new TreeSet<>();
        released.fieldNames().forEachRemaining(keywords::add);
        current.fieldNames().forEachRemaining(keywords::add);
        keywords.stream().filter(keyword -> !ANNOTATIONS.contains(keyword) && !BY_RULE.contains(keyword))
                .filter(keyword -> !Objects.equals(released.get(keyword), current.get(keyword)))
                .forEach(keyword -> breaking.add(at + ": " + keyword + " changed from " + released.get(keyword) + " to " + current.get(keyword)));
    }

    /** Absent or {@code true}: any unknown property allowed. */
    private static boolean open(JsonNode additionalProperties) {
        return additionalProperties.isMissingNode() || (additionalProperties.isBoolean() && additionalProperties.asBoolean());
    }

    /** A keyword's value as a set of strings: one string, or each element of an array (JSON text for non-strings). */
    private static Set<String> strings(JsonNode value) {
        Set<String> strings = new TreeSet<>();
        if (value.isTextual()) {
            strings.add(value.asText());
        } else {
            value.forEach(element -> strings.add(element.isTextual() ? element.asText() : element.toString()));
        }
        return strings;
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "any" : types.toString();
    }
}

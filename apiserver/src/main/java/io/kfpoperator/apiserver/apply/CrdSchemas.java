package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CRD's structural OpenAPI v3 schema into a {@link FieldType}, following kube-openapi's
 * {@code schemaconv} (which kube-apiserver uses to type custom resources for server-side apply) and the
 * CRD OpenAPI builder (which types {@code metadata} as ObjectMeta and declares {@code apiVersion},
 * {@code kind}, also inside {@code x-kubernetes-embedded-resource} objects).
 */
final class CrdSchemas {

    private CrdSchemas() {
    }

    static FieldType toFieldType(JsonNode schema) {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            // No schema: the whole object is free-form, but metadata is still ObjectMeta.
            return FieldType.struct(Map.of("apiVersion", FieldType.string(), "kind", FieldType.string(),
                    "metadata", BuiltinTypes.OBJECT_META), FieldType.untyped());
        }
        FieldType root = convert(schema, false);
        if (root.mapShape() == null) {
            return root;
        }
        return withKubeProperties(root);
    }

    /** Adds what the CRD OpenAPI builder adds to a resource: {@code apiVersion}, {@code kind}, {@code metadata}. */
    private static FieldType withKubeProperties(FieldType type) {
        return type.withField("apiVersion", FieldType.string())
                .withField("kind", FieldType.string())
                .withField("metadata", BuiltinTypes.OBJECT_META);
    }

    private static FieldType convert(JsonNode s, boolean preserveUnknown) {
        if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            preserveUnknown = true;
        }
        String type = s.path("type").asText("");
        FieldType converted = switch (type) {
            case "" -> FieldType.union(FieldType.Scalar.UNTYPED, object(s, preserveUnknown), list(s, preserveUnknown));
            case "object" -> FieldType.union(null, object(s, preserveUnknown), null);
            case "array" -> FieldType.union(null, null, list(s, preserveUnknown));
            case "integer", "number" -> FieldType.numeric();
            case "boolean" -> FieldType.bool();
            case "string" -> s.path("format").asText("").isEmpty() || s.path("format").asText().equals("byte")
                    ? FieldType.string() : FieldType.untypedScalar();
            default -> FieldType.untypedScalar();
        };
        if (s.path("x-kubernetes-embedded-resource").asBoolean(false) && converted.mapShape() != null) {
            converted = withKubeProperties(converted);
        }
        return converted;
    }

    private static FieldType.MapShape object(JsonNode s, boolean preserveUnknown) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        Map<String, JsonNode> defaults = new LinkedHashMap<>();
        JsonNode properties = s.path("properties");
        for (Map.Entry<String, JsonNode> e : properties.properties()) {
            fields.put(e.getKey(), convert(e.getValue(), preserveUnknown));
            JsonNode def = e.getValue().get("default");
            if (def != null) {
                defaults.put(e.getKey(), def);
            }
        }
        JsonNode additional = s.get("additionalProperties");
        FieldType elementType;
        if (additional == null || additional.isNull()) {
            elementType = preserveUnknown || fields.isEmpty() ? FieldType.untyped() : null;
        } else if (additional.isObject()) {
            elementType = convert(additional, preserveUnknown);
        } else if (additional.asBoolean(false)) {
            elementType = FieldType.untyped();
        } else {
            elementType = null;
        }
        boolean atomic = "atomic".equals(s.path("x-kubernetes-map-type").asText(""));
        return FieldType.mapShape(fields, defaults, elementType, false, atomic);
    }

    private static FieldType.ListShape list(JsonNode s, boolean preserveUnknown) {
        String listType = s.path("x-kubernetes-list-type").asText("");
        FieldType.ListType relationship;
        List<String> keys = new ArrayList<>();
        switch (listType) {
            case "set" -> relationship = FieldType.ListType.SET;
            case "map" -> {
                relationship = FieldType.ListType.MAP;
                s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
                if (keys.isEmpty()) {
                    relationship = FieldType.ListType.SET;
                }
            }
            default -> relationship = FieldType.ListType.ATOMIC;
        }
        JsonNode items = s.get("items");
        FieldType element = items != null && items.isObject() ? convert(items, preserveUnknown) : FieldType.atomicUntyped();
        return FieldType.listShape(relationship, keys, element);
    }
}

package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** kube-apiserver's defaulting by a structural schema (apiextensions-apiserver schema/defaulting). */
final class Defaulting {

    private Defaulting() {
    }

    /**
     * Missing properties of existing objects get their default, and so do nulls where the
     * schema is not nullable; list items and map values that are such nulls get the items' or
     * values' default. Defaults themselves are then defaulted further down, since they are
     * visited like any other value.
     */
    static void apply(JsonNode x, SchemaNode s) {
        if (s == null) {
            return;
        }
        if (x instanceof ObjectNode object) {
            for (Map.Entry<String, SchemaNode> prop : s.properties.entrySet()) {
                SchemaNode propSchema = prop.getValue();
                if (propSchema.defaultValue == null) {
                    continue;
                }
                JsonNode current = object.get(prop.getKey());
                if (current == null || isNonNullableNull(current, propSchema)) {
                    object.set(prop.getKey(), propSchema.defaultValue.deepCopy());
                }
            }
            // Field names first: defaulting below may not add keys here, but a list is safe either way.
            List<String> keys = new ArrayList<>(object.size());
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                SchemaNode propSchema = s.properties.get(key);
                if (propSchema != null) {
                    apply(object.get(key), propSchema);
                } else if (s.hasAdditionalProperties) {
                    SchemaNode valueSchema = s.additionalProperties;
                    if (isNonNullableNull(object.get(key), valueSchema)) {
                        object.set(key, copyOfDefault(valueSchema));
                    }
                    apply(object.get(key), valueSchema);
                }
            }
        } else if (x instanceof ArrayNode array) {
            SchemaNode itemSchema = s.items;
            for (int i = 0; i < array.size(); i++) {
                if (isNonNullableNull(array.get(i), itemSchema)) {
                    array.set(i, copyOfDefault(itemSchema));
                }
                apply(array.get(i), itemSchema);
            }
        }
    }

    private static boolean isNonNullableNull(JsonNode x, SchemaNode s) {
        return x != null && x.isNull() && s != null && !s.nullable;
    }

    private static JsonNode copyOfDefault(SchemaNode s) {
        return s.defaultValue == null ? JsonNodeFactory.instance.nullNode() : s.defaultValue.deepCopy();
    }
}

package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.golang.GoText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * kube-apiserver's checks of x-kubernetes-list-type set (no duplicate items) and map (items are
 * objects, no two with the same keys): apiextensions-apiserver schema/listtype. Each duplicate is
 * reported once, at the index where it appears the second time.
 */
final class ListTypeValidation {

    private ListTypeValidation() {
    }

    static List<FieldError> validate(SchemaNode root, JsonNode object) {
        List<FieldError> errs = new ArrayList<>();
        if (object != null && object.isObject() && root.hasListTypeBelow) {
            validateObject(null, root, object, errs);
        }
        return errs;
    }

    private static void validateObject(String path, SchemaNode s, JsonNode object, List<FieldError> errs) {
        if (s.additionalProperties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                validateValue(FieldPaths.key(path, field.getKey()), s.additionalProperties, field.getValue(), errs);
            }
        }
        if (!s.properties.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                SchemaNode prop = s.properties.get(field.getKey());
                if (prop != null) {
                    validateValue(FieldPaths.child(path, field.getKey()), prop, field.getValue(), errs);
                }
            }
        }
    }

    private static void validateValue(String path, SchemaNode s, JsonNode value, List<FieldError> errs) {
        if (!s.hasListTypeBelow) {
            return;
        }
        if (value.isArray()) {
            validateArray(path, s, value, errs);
        } else if (value.isObject()) {
            validateObject(path, s, value, errs);
        }
    }

    private static void validateArray(String path, SchemaNode s, JsonNode list, List<FieldError> errs) {
        if ("set".equals(s.listType)) {
            for (int i : duplicates(list)) {
                errs.add(duplicate(FieldPaths.index(path, i), list.get(i)));
            }
        } else if ("map".equals(s.listType)) {
            validateMap(path, s, list, errs);
        }
        if (s.items != null) {
            for (int i = 0; i < list.size(); i++) {
                validateValue(FieldPaths.index(path, i), s.items, list.get(i), errs);
            }
        }
    }

    private static void validateMap(String path, SchemaNode s, JsonNode list, List<FieldError> errs) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isNull() && !item.isObject()) {
                errs.add(FieldError.invalid(FieldPaths.index(path, i), GoText.badValue(item), "must be an object for an array of list-type map"));
                return;
            }
        }
        if (list.size() <= 1) {
            return;
        }
        List<JsonNode> keys = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            ObjectNode key = JsonNodeFactory.instance.objectNode();
            for (String keyField : s.listMapKeys) {
                JsonNode v = item.isObject() ? item.get(keyField) : null;
                if (v != null) {
                    key.set(keyField, v);
                }
            }
            keys.add(key);
        }
        // One key field: items without it share one "unspecified" key, shown as an empty map; the
        // key values are compared as values. Several: the maps of the key fields present are compared.
        boolean single = s.listMapKeys.size() == 1;
        JsonNode keyList = single ? singleKeys(keys, s.listMapKeys.get(0)) : JsonNodeFactory.instance.arrayNode().addAll(keys);
        for (int i : duplicates(keyList)) {
            errs.add(duplicate(FieldPaths.index(path, i), keys.get(i)));
        }
    }

    private static final JsonNode UNSPECIFIED = JsonNodeFactory.instance.pojoNode(new Object());

    private static JsonNode singleKeys(List<JsonNode> keyMaps, String keyField) {
        var out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode key : keyMaps) {
            JsonNode v = key.get(keyField);
            out.add(v == null ? UNSPECIFIED : v);
        }
        return out;
    }

    /** Indexes where an item is seen for the second time: scalars compare as Go interface values, the rest by their JSON. */
    private static List<Integer> duplicates(JsonNode list) {
        List<Integer> out = new ArrayList<>();
        if (list.size() <= 1) {
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String key = identity(list.get(i));
            int times = seen.merge(key, 1, Integer::sum);
            if (times == 2) {
                out.add(i);
            }
        }
        return out;
    }

    private static String identity(JsonNode v) {
        if (v == UNSPECIFIED) {
            return "u";
        }
        if (v.isObject() || v.isArray()) {
            return "j" + GoText.jsonMarshal(v);
        }
        if (v.isNull()) {
            return "n";
        }
        if (v.isBoolean()) {
            return "b" + v.booleanValue();
        }
        if (v.isNumber()) {
            return GoText.isInt64(v) ? "i" + v.longValue() : "f" + (v.doubleValue() + 0.0);
        }
        return "s" + v.asText();
    }

    private static FieldError duplicate(String path, JsonNode value) {
        return new FieldError(FieldError.Type.DUPLICATE, path, GoText.badValue(value), "");
    }
}

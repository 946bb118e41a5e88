package io.kfpoperator.apiserver.schema;

import io.kfpoperator.apiserver.golang.GoText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube-apiserver's pruning of fields a structural schema does not declare
 * (apiextensions-apiserver schema/pruning), and its removal of nulls the schema does not allow
 * and cannot default (schema/defaulting PruneNonNullableNullsWithoutDefaults).
 */
final class Pruning {

    private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

    /** Where the paths of dropped fields go, spelled as kube-apiserver spells them: a.b[0].c, map keys as .key. */
    private final StringBuilder path = new StringBuilder();
    private final List<String> unknown;

    private Pruning(List<String> unknown) {
        this.unknown = unknown;
    }

    /**
     * Prunes below {@code x} by {@code schema}; with {@code resourceRoot} the node is treated as
     * embedded resource (apiVersion, kind and metadata stay). Returns the dropped paths sorted as
     * kube-apiserver sorts them (Go string order).
     */
    static List<String> prune(JsonNode x, SchemaNode schema, boolean resourceRoot) {
        List<String> unknown = new ArrayList<>();
        new Pruning(unknown).walk(x, schema, resourceRoot);
        unknown.sort(GoText::compareUtf8);
        return unknown;
    }

    private void walk(JsonNode x, SchemaNode s, boolean embedded) {
        if (s != null && s.preserveUnknownFields) {
            skipPrune(x, s, embedded);
            return;
        }
        int mark = path.length();
        if (x instanceof ObjectNode object) {
            if (s == null) {
                for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                    record(it.next());
                    it.remove();
                }
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (embedded && META_FIELDS.contains(key)) {
                    continue;
                }
                SchemaNode prop = s.properties.get(key);
                if (prop != null) {
                    appendKey(key);
                    walk(field.getValue(), prop, prop.embeddedResource);
                    path.setLength(mark);
                } else if (s.hasAdditionalProperties) {
                    appendKey(key);
                    SchemaNode ap = s.additionalProperties;
                    walk(field.getValue(), ap, ap != null && ap.embeddedResource);
                    path.setLength(mark);
                } else {
                    // apiVersion, kind and metadata are reported only below the root.
                    if (!META_FIELDS.contains(key) || mark > 0) {
                        record(key);
                    }
                    it.remove();
                }
            }
        } else if (x instanceof ArrayNode array) {
            SchemaNode itemSchema = s == null ? null : s.items;
            for (int i = 0; i < array.size(); i++) {
                appendIndex(i);
                walk(array.get(i), itemSchema, itemSchema != null && itemSchema.embeddedResource);
                path.setLength(mark);
            }
        }
    }

    /** Below x-kubernetes-preserve-unknown-fields: unknown fields stay, declared ones are still pruned inside. */
    private void skipPrune(JsonNode x, SchemaNode s, boolean embedded) {
        if (s == null) {
            return;
        }
        int mark = path.length();
        if (x instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (embedded && META_FIELDS.contains(key)) {
                    continue;
                }
                SchemaNode prop = s.properties.get(key);
                if (prop != null) {
                    appendKey(key);
                    walk(field.getValue(), prop, prop.embeddedResource);
                    path.setLength(mark);
                } else if (s.hasAdditionalProperties) {
                    appendKey(key);
                    SchemaNode ap = s.additionalProperties;
                    walk(field.getValue(), ap, ap != null && ap.embeddedResource);
                    path.setLength(mark);
                }
            }
        } else if (x instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                appendIndex(i);
                SchemaNode itemSchema = s.items;
                skipPrune(array.get(i), itemSchema, itemSchema != null && itemSchema.embeddedResource);
                path.setLength(mark);
            }
        }
    }

    private void appendKey(String key) {
        if (path.length() > 0) {
            path.append('.');
        }
        path.append(key);
    }

    private void appendIndex(int index) {
        path.append('[').append(index).append(']');
    }

    private void record(String key) {
        int mark = path.length();
        appendKey(key);
        unknown.add(path.toString());
        path.setLength(mark);
    }

    /** Drops nulls that the schema neither allows (nullable) nor defaults, as kube-apiserver does on decoding. */
    static void pruneNonNullableNullsWithoutDefaults(JsonNode x, SchemaNode s) {
        if (x instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                SchemaNode fieldSchema = s == null ? null : s.field(field.getKey());
                JsonNode value = field.getValue();
                if (value.isNull() && fieldSchema != null && !fieldSchema.nullable && fieldSchema.defaultValue == null) {
                    it.remove();
                } else {
                    pruneNonNullableNullsWithoutDefaults(value, fieldSchema);
                }
            }
        } else if (x instanceof ArrayNode array) {
            SchemaNode itemSchema = s == null ? null : s.items;
            for (JsonNode item : array) {
                pruneNonNullableNullsWithoutDefaults(item, itemSchema);
            }
        }
    }
}

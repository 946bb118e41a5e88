package io.kfpoperator.controller.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON merge patch (RFC 7386) that turns one document into another: members that changed,
 * {@code null} for members that went away, objects compared member by member, everything else
 * (arrays included) replaced whole. Sent without a resourceVersion, it changes only what this
 * writer changed, so fields another writer owns are never reverted to a cached value.
 */
final class MergePatch {

    private MergePatch() {
    }

    /** The patch from {@code before} to {@code after}; empty when they are equal (missing and null are the same). */
    static ObjectNode diff(JsonNode before, JsonNode after) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode from = before != null && before.isObject() ? (ObjectNode) before : JsonNodeFactory.instance.objectNode();
        ObjectNode to = after != null && after.isObject() ? (ObjectNode) after : JsonNodeFactory.instance.objectNode();
        for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!from.get(name).isNull() && absent(to.get(name))) {
                patch.putNull(name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = to.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            JsonNode previous = from.get(field.getKey());
            if (absent(value)) {
                continue;
            }
            if (value.isObject() && previous != null && previous.isObject()) {
                ObjectNode nested = diff(previous, value);
                if (!nested.isEmpty()) {
                    patch.set(field.getKey(), nested);
                }
            } else if (!value.equals(previous)) {
                patch.set(field.getKey(), value);
            }
        }
        return patch;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}

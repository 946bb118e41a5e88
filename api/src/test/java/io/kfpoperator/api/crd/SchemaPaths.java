package io.kfpoperator.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Flattens an OpenAPI v3 schema into property paths (".spec.run.parameters[].name") with the
 * facts a manifest's acceptance depends on: type, whether required, enum and pattern.
 */
final class SchemaPaths {

    record Facts(String type, boolean required, List<String> enumValues, String pattern) {
        @Override
        public String toString() {
            return "type=" + type + (required ? " required" : "") + (enumValues == null ? "" : " enum=" + enumValues)
                    + (pattern == null ? "" : " pattern=" + pattern);
        }
    }

    private SchemaPaths() {
    }

    static Map<String, Facts> of(JsonNode schema) {
        Map<String, Facts> paths = new TreeMap<>();
        walk(schema, "", false, paths);
        return paths;
    }

    private static void walk(JsonNode schema, String path, boolean required, Map<String, Facts> paths) {
        List<String> enumValues = null;
        if (schema.has("enum")) {
            enumValues = new ArrayList<>();
            for (JsonNode value : schema.get("enum")) {
                enumValues.add(value.asText());
            }
            enumValues.sort(null);
        }
        paths.put(path.isEmpty() ? "." : path, new Facts(schema.path("type").asText(null), required, enumValues,
                schema.path("pattern").asText(null)));
        JsonNode properties = schema.path("properties");
        Set<String> requiredNames = new java.util.HashSet<>();
        schema.path("required").forEach(r -> requiredNames.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            walk(p.getValue(), path + "." + p.getKey(), requiredNames.contains(p.getKey()), paths);
        }
        if (schema.has("items")) {
            walk(schema.get("items"), path + "[]", false, paths);
        }
        if (schema.path("additionalProperties").isObject()) {
            walk(schema.get("additionalProperties"), path + "{}", false, paths);
        }
    }
}

package io.kfpoperator.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of an OpenAPI v3 schema node that kube-apiserver's CEL integration reads (its "structural schema"):
 * types and formats, nesting, size bounds, list and map semantics and the {@code x-kubernetes-validations} rules.
 * Built once per CRD version; immutable afterwards.
 */
final class StructuralSchema {

    /** One {@code x-kubernetes-validations} entry, as written in the CRD. */
    record Rule(String rule, String message, String messageExpression, String reason, String fieldPath,
                Boolean optionalOldSelf, JsonNode raw) {
    }

    final String type;
    final String format;
    final boolean nullable;
    final Map<String, StructuralSchema> properties;
    final Set<String> required;
    final StructuralSchema items;
    final StructuralSchema additionalProperties;
    final Long maxItems;
    final Long maxLength;
    final Long maxProperties;
    final List<JsonNode> enumValues;
    final boolean hasDefault;
    final boolean intOrString;
    final boolean preserveUnknownFields;
    final boolean embeddedResource;
    final String listType;
    final List<String> listMapKeys;
    final String mapType;
    final List<Rule> rules;

    private StructuralSchema(JsonNode node) {
        this.type = text(node, "type");
        this.format = text(node, "format");
        this.nullable = node.path("nullable").asBoolean(false);
        Map<String, StructuralSchema> props = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), new StructuralSchema(e.getValue())));
        this.properties = Collections.unmodifiableMap(props);
        Set<String> req = new LinkedHashSet<>();
        node.path("required").forEach(r -> req.add(r.asText()));
        this.required = Collections.unmodifiableSet(req);
        this.items = node.path("items").isObject() ? new StructuralSchema(node.get("items")) : null;
        this.additionalProperties = node.path("additionalProperties").isObject()
                ? new StructuralSchema(node.get("additionalProperties")) : null;
        this.maxItems = number(node, "maxItems");
        this.maxLength = number(node, "maxLength");
        this.maxProperties = number(node, "maxProperties");
        List<JsonNode> enums = new ArrayList<>();
        node.path("enum").forEach(enums::add);
        this.enumValues = Collections.unmodifiableList(enums);
        this.hasDefault = node.has("default");
        this.intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
        this.preserveUnknownFields = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        this.embeddedResource = node.path("x-kubernetes-embedded-resource").asBoolean(false);
        this.listType = text(node, "x-kubernetes-list-type");
        List<String> keys = new ArrayList<>();
        node.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
        this.listMapKeys = Collections.unmodifiableList(keys);
        this.mapType = text(node, "x-kubernetes-map-type");
        List<Rule> rs = new ArrayList<>();
        node.path("x-kubernetes-validations").forEach(r -> rs.add(new Rule(
                r.path("rule").asText(""),
                text(r, "message"),
                text(r, "messageExpression"),
                text(r, "reason"),
                text(r, "fieldPath"),
                r.has("optionalOldSelf") ? r.get("optionalOldSelf").asBoolean() : null,
                r)));
        this.rules = Collections.unmodifiableList(rs);
    }

    /** Copy with other properties, used for the implicit apiVersion/kind/metadata of resource roots. */
    private StructuralSchema(StructuralSchema s, Map<String, StructuralSchema> properties) {
        this.type = s.type;
        this.format = s.format;
        this.nullable = s.nullable;
        this.properties = Collections.unmodifiableMap(properties);
        this.required = s.required;
        this.items = s.items;
        this.additionalProperties = s.additionalProperties;
        this.maxItems = s.maxItems;
        this.maxLength = s.maxLength;
        this.maxProperties = s.maxProperties;
        this.enumValues = s.enumValues;
        this.hasDefault = s.hasDefault;
        this.intOrString = s.intOrString;
        this.preserveUnknownFields = s.preserveUnknownFields;
        this.embeddedResource = s.embeddedResource;
        this.listType = s.listType;
        this.listMapKeys = s.listMapKeys;
        this.mapType = s.mapType;
        this.rules = s.rules;
    }

    static StructuralSchema parse(JsonNode node) {
        return new StructuralSchema(node);
    }

    private static StructuralSchema simple(String json) {
        try {
            return new StructuralSchema(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final StructuralSchema STRING = simple("{\"type\":\"string\"}");
    private static final StructuralSchema OBJECT_META =
            simple("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"generateName\":{\"type\":\"string\"}}}");

    /**
     * kube-apiserver's WithTypeAndObjectMeta: at the root of a resource (and of embedded resources) rules can always read
     * apiVersion, kind, metadata.name and metadata.generateName, even where the schema does not declare them.
     */
    StructuralSchema withTypeAndObjectMeta() {
        StructuralSchema meta = properties.get("metadata");
        if (isType(properties.get("kind"), "string") && isType(properties.get("apiVersion"), "string")
                && isType(meta, "object") && isType(meta.properties.get("name"), "string")
                && isType(meta.properties.get("generateName"), "string")) {
            return this;
        }
        Map<String, StructuralSchema> props = new LinkedHashMap<>(properties);
        props.put("kind", STRING);
        props.put("apiVersion", STRING);
        props.put("metadata", OBJECT_META);
        return new StructuralSchema(this, props);
    }

    boolean hasRulesBelow() {
        if (!rules.isEmpty()) {
            return true;
        }
        if (items != null && items.hasRulesBelow()) {
            return true;
        }
        if (additionalProperties != null && additionalProperties.hasRulesBelow()) {
            return true;
        }
        return properties.values().stream().anyMatch(StructuralSchema::hasRulesBelow);
    }

    /** The schema type as kube-apiserver prints it as the value of an invalid field ("object", "string", or ""). */
    String typeName() {
        return type == null ? "" : type;
    }

    private static boolean isType(StructuralSchema s, String type) {
        return s != null && type.equals(s.type);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.asLong();
    }
}

package io.kfpoperator.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a CRD's OpenAPI v3 schema, read once and kept in the form the pruning, defaulting
 * and validation passes need. Nodes inside {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}
 * are nodes too: kube-apiserver validates against them but prunes and defaults by the outer
 * (structural) nodes only.
 */
public final class SchemaNode {

    /** Formats kube-apiserver validates (apiextensions-apiserver's supportedFormats, names without '-'). */
    private static final java.util.Set<String> SUPPORTED_FORMATS = java.util.Set.of(
            "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3",
            "uuid4", "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor",
            "byte", "password", "date", "duration", "datetime");

    // Generic and structural parts.
    final String type;
    /** The types kube-openapi checks: the type, or integer and string for x-kubernetes-int-or-string. */
    final List<String> types;
    final boolean nullable;
    final JsonNode defaultValue;
    final Map<String, SchemaNode> properties;
    final SchemaNode items;
    /** additionalProperties given at all (true, false or a schema): pruning keeps such keys. */
    final boolean hasAdditionalProperties;
    /** additionalProperties: false. */
    final boolean additionalPropertiesForbidden;
    final SchemaNode additionalProperties;

    // Extensions.
    final boolean preserveUnknownFields;
    final boolean embeddedResource;
    final boolean intOrString;
    final String listType;
    final List<String> listMapKeys;
    final String mapType;
    final JsonNode validationRules;

    // Value validations.
    /** The format as written, or "" where kube-apiserver drops it (formats it does not validate). */
    final String format;
    final Double maximum;
    final boolean exclusiveMaximum;
    final Double minimum;
    final boolean exclusiveMinimum;
    final Long maxLength;
    final Long minLength;
    final String pattern;
    final Pattern compiledPattern;
    final String patternError;
    final Long maxItems;
    final Long minItems;
    final boolean uniqueItems;
    final Double multipleOf;
    final List<JsonNode> enumValues;
    final Long maxProperties;
    final Long minProperties;
    final List<String> required;
    final List<SchemaNode> allOf;
    final List<SchemaNode> anyOf;
    final List<SchemaNode> oneOf;
    final SchemaNode not;

    /** Whether this node or one below it is a list-type set or map: the list-type walk skips the rest. */
    final boolean hasListTypeBelow;
    /** Whether this node or one below it is an embedded resource: the embedded-resource walks skip the rest. */
    final boolean hasEmbeddedBelow;

    private SchemaNode(JsonNode s) {
        type = text(s, "type");
        intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        if (intOrString) {
            types = List.of("integer", "string");
        } else if (type != null && !type.isEmpty()) {
            types = List.of(type);
        } else {
            types = List.of();
        }
        nullable = s.path("nullable").asBoolean(false);
        JsonNode d = s.get("default");
        // A default of null is no default to kube-apiserver (its Go value is nil).
        defaultValue = d == null || d.isNull() ? null : d.deepCopy();

        Map<String, SchemaNode> props = new LinkedHashMap<>();
        JsonNode p = s.get("properties");
        if (p != null && p.isObject()) {
            p.properties().forEach(e -> props.put(e.getKey(), new SchemaNode(e.getValue())));
        }
        properties = Collections.unmodifiableMap(props);
        JsonNode i = s.get("items");
        // Only the single-schema form of items is structural; a list of schemas is ignored as kube ignores it for pruning.
        items = i != null && i.isObject() ? new SchemaNode(i) : null;
        JsonNode ap = s.get("additionalProperties");
        if (ap == null || ap.isNull()) {
            hasAdditionalProperties = false;
            additionalPropertiesForbidden = false;
            additionalProperties = null;
        } else if (ap.isBoolean()) {
            hasAdditionalProperties = true;
            additionalPropertiesForbidden = !ap.booleanValue();
            additionalProperties = null;
        } else {
            hasAdditionalProperties = true;
            additionalPropertiesForbidden = false;
            additionalProperties = new SchemaNode(ap);
        }

        preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        listType = text(s, "x-kubernetes-list-type");
        List<String> keys = new ArrayList<>();
        s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
        listMapKeys = List.copyOf(keys);
        mapType = text(s, "x-kubernetes-map-type");
        validationRules = s.get("x-kubernetes-validations");

        String f = text(s, "format");
        format = f != null && SUPPORTED_FORMATS.contains(f.replace("-", "")) ? f : "";
        maximum = number(s, "maximum");
        exclusiveMaximum = s.path("exclusiveMaximum").asBoolean(false);
        minimum = number(s, "minimum");
        exclusiveMinimum = s.path("exclusiveMinimum").asBoolean(false);
        maxLength = integer(s, "maxLength");
        minLength = integer(s, "minLength");
        pattern = text(s, "pattern") == null ? "" : text(s, "pattern");
        Pattern compiled = null;
        String error = null;
        if (!pattern.isEmpty()) {
            try {
                // RE2/J is a port of Go's regexp: same syntax, same matches, linear time.
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                error = e.getMessage();
            }
        }
        compiledPattern = compiled;
        patternError = error;
        maxItems = integer(s, "maxItems");
        minItems = integer(s, "minItems");
        uniqueItems = s.path("uniqueItems").asBoolean(false);
        multipleOf = number(s, "multipleOf");
        List<JsonNode> values = new ArrayList<>();
        s.path("enum").forEach(values::add);
        enumValues = List.copyOf(values);
        maxProperties = integer(s, "maxProperties");
        minProperties = integer(s, "minProperties");
        List<String> req = new ArrayList<>();
        s.path("required").forEach(r -> req.add(r.asText()));
        required = List.copyOf(req);
        allOf = nodes(s.get("allOf"));
        anyOf = nodes(s.get("anyOf"));
        oneOf = nodes(s.get("oneOf"));
        JsonNode n = s.get("not");
        not = n != null && n.isObject() ? new SchemaNode(n) : null;

        boolean listTypes = "set".equals(listType) || "map".equals(listType);
        boolean embedded = embeddedResource;
        for (SchemaNode child : children()) {
            listTypes |= child.hasListTypeBelow;
            embedded |= child.hasEmbeddedBelow;
        }
        hasListTypeBelow = listTypes;
        hasEmbeddedBelow = embedded;
    }

    private List<SchemaNode> children() {
        List<SchemaNode> out = new ArrayList<>(properties.values());
        if (items != null) {
            out.add(items);
        }
        if (additionalProperties != null) {
            out.add(additionalProperties);
        }
        return out;
    }

    /** Reads a schema node (and everything below it). */
    static SchemaNode read(JsonNode schema) {
        return new SchemaNode(schema == null || schema.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : schema);
    }

    private static String text(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    private static Long integer(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v != null && v.isNumber() ? v.longValue() : null;
    }

    private static List<SchemaNode> nodes(JsonNode list) {
        if (list == null || !list.isArray()) {
            return List.of();
        }
        List<SchemaNode> out = new ArrayList<>(list.size());
        list.forEach(n -> out.add(new SchemaNode(n)));
        return List.copyOf(out);
    }

    /** The property's schema, or the additionalProperties schema for keys that are no property. */
    SchemaNode field(String name) {
        SchemaNode prop = properties.get(name);
        return prop != null ? prop : additionalProperties;
    }

    /** The declared {@code type}, if any. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** {@code nullable: true}. */
    public boolean nullable() {
        return nullable;
    }

    /** The {@code default}, if any (a copy: callers may change it). */
    public Optional<JsonNode> defaultValue() {
        return Optional.ofNullable(defaultValue).map(JsonNode::deepCopy);
    }

    /** The declared properties, in the schema's order. */
    public Map<String, SchemaNode> properties() {
        return properties;
    }

    /** The schema of list items. */
    public Optional<SchemaNode> items() {
        return Optional.ofNullable(items);
    }

    /** The schema of map values ({@code additionalProperties} given as a schema). */
    public Optional<SchemaNode> additionalProperties() {
        return Optional.ofNullable(additionalProperties);
    }

    /** {@code x-kubernetes-preserve-unknown-fields: true}. */
    public boolean preservesUnknownFields() {
        return preserveUnknownFields;
    }

    /** {@code x-kubernetes-embedded-resource: true}. */
    public boolean embeddedResource() {
        return embeddedResource;
    }

    /** {@code x-kubernetes-int-or-string: true}. */
    public boolean intOrString() {
        return intOrString;
    }

    /** {@code x-kubernetes-list-type}: atomic, set or map (absent means atomic). */
    public Optional<String> listType() {
        return Optional.ofNullable(listType);
    }

    /** {@code x-kubernetes-list-map-keys}. */
    public List<String> listMapKeys() {
        return listMapKeys;
    }

    /** {@code x-kubernetes-map-type}: granular or atomic. */
    public Optional<String> mapType() {
        return Optional.ofNullable(mapType);
    }

    /** {@code x-kubernetes-validations} as written (for the CEL rules). */
    public Optional<JsonNode> validationRules() {
        return Optional.ofNullable(validationRules);
    }

    /** The child schema for one step of a path: a property or map key (String) or a list index (Integer). */
    public Optional<SchemaNode> child(Object step) {
        if (step instanceof Integer) {
            return items();
        }
        return Optional.ofNullable(field(String.valueOf(step)));
    }
}

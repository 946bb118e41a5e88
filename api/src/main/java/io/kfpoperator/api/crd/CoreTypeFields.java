package io.kfpoperator.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Descriptions and bounds of the Kubernetes core/v1 fields a Provider embeds (podTemplateEnv,
 * podTemplateVolumes, podTemplateVolumeMounts), read from {@value #RESOURCE}: fabric8's model
 * classes, which the CRD schema of those fields is generated from, carry neither. Entries are
 * keyed by fabric8 class and JSON property; a property without its own entry takes the one under
 * {@code "*"}. An entry has a {@code description} and, by the schema's kind, {@code maxLength}
 * (strings), {@code maxItems} (lists), {@code maxProperties} (maps) and {@code itemMaxLength}
 * (the strings in a list or map).
 */
final class CoreTypeFields {

    static final String RESOURCE = "core-v1-fields.yaml";
    private static final String ANY_TYPE = "*";
    private static final String CORE_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final Set<String> KEYS = Set.of("description", "maxLength", "maxItems", "maxProperties", "itemMaxLength");

    private final JsonNode table;
    private final Set<String> used = new TreeSet<>();

    private CoreTypeFields(JsonNode table) {
        this.table = table;
    }

    static CoreTypeFields load() {
        try (InputStream in = CoreTypeFields.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " not found beside " + CoreTypeFields.class.getName());
            }
            return new CoreTypeFields(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isCoreType(Class<?> type) {
        return type.getPackageName().equals(CORE_PACKAGE);
    }

    /** Sets the description and bounds of {@code property} of {@code type} on {@code schema}. */
    void apply(Class<?> type, String property, ObjectNode schema, String at, List<String> problems) {
        String key = type.getSimpleName() + "." + property;
        JsonNode entry = table.path(type.getSimpleName()).path(property);
        if (entry.isMissingNode()) {
            entry = table.path(ANY_TYPE).path(property);
            key = ANY_TYPE + "." + property;
        }
        if (!entry.isObject() || !entry.path("description").isTextual()) {
            problems.add(at + ": no description of core/v1 field " + type.getSimpleName() + "." + property + " in " + RESOURCE);
            return;
        }
        used.add(key);
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                problems.add(at + ": unknown key " + name + " in " + RESOURCE + " entry " + key);
            }
        }
        schema.put("description", entry.get("description").asText());
        String schemaType = schema.path("type").asText();
        bound(entry, "maxLength", "string".equals(schemaType), schema, at, problems);
        bound(entry, "maxItems", "array".equals(schemaType), schema, at, problems);
        bound(entry, "maxProperties", schema.path("additionalProperties").isObject(), schema, at, problems);
        if (entry.has("itemMaxLength")) {
            JsonNode items = schema.has("items") ? schema.get("items") : schema.get("additionalProperties");
            if (items instanceof ObjectNode itemSchema && "string".equals(itemSchema.path("type").asText())) {
                itemSchema.put("maxLength", entry.get("itemMaxLength").asLong());
            } else {
                problems.add(at + ": itemMaxLength in " + RESOURCE + " entry " + key + " needs a list or map of strings");
            }
        }
    }

    private static void bound(JsonNode entry, String keyword, boolean applies, ObjectNode schema, String at, List<String> problems) {
        if (!entry.has(keyword)) {
            return;
        }
        if (!applies) {
            problems.add(at + ": " + keyword + " in " + RESOURCE + " does not fit a schema of type " + schema.path("type").asText("(none)"));
            return;
        }
        schema.put(keyword, entry.get(keyword).asLong());
    }

    /** Entries no generated field used: left over from an older fabric8 model, or misspelt. */
    Set<String> unused() {
        Set<String> unused = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> types = table.fields(); types.hasNext(); ) {
            Map.Entry<String, JsonNode> type = types.next();
            for (Iterator<String> properties = type.getValue().fieldNames(); properties.hasNext(); ) {
                String key = type.getKey() + "." + properties.next();
                if (!used.contains(key)) {
                    unused.add(key);
                }
            }
        }
        return unused;
    }
}

package io.kfpoperator.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.v1beta1.Groups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finishes the CRDs the fabric8 generator wrote (target/classes/META-INF/fabric8) and writes
 * them under upstream's file names: printer columns in the order the model declares them (the
 * generator reorders them, and kubectl prints them in CRD order), the implicit apiVersion, kind
 * and metadata properties every Kubernetes CRD schema carries, and object keys sorted so the
 * committed copies diff cleanly. Run by the build (process-classes); see api/pom.xml.
 *
 * <p>crd-generator 7.5.2 takes a property's description ({@code @JsonPropertyDescription}) and
 * bounds ({@code @Size}: maxLength, maxItems, maxProperties) from the model, but no class-level
 * description and nothing about a list's items. This class adds the kind's
 * {@code @JsonClassDescription} to the root schema, and {@link ModelSchemaFinisher} the items'
 * bounds, list types and the descriptions and bounds of embedded core/v1 types. Any problem it
 * finds (a core/v1 field without a description, say) fails the build.
 */
public final class CrdFinisher {

    static final String HEADER = "# Generated from the api module's model by the build; do not edit.\n"
            + "# Regenerate with: mvn -pl api process-classes -Pupdate-crds\n";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            // One line per description: folded lines would make every edit of one a multi-line diff.
            .disable(YAMLGenerator.Feature.SPLIT_LINES))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CrdFinisher() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CrdFinisher <generated-crd-dir> <output-dir>...");
        }
        Path in = Path.of(args[0]);
        List<Path> outputs = Stream.of(args).skip(1).filter(a -> a != null && !a.isBlank()).map(Path::of).toList();
        for (Path out : outputs) {
            Files.createDirectories(out);
        }
        CoreTypeFields coreTypes = CoreTypeFields.load();
        ModelSchemaFinisher models = new ModelSchemaFinisher(coreTypes);
        List<String> rendered = new ArrayList<>();
        try (Stream<Path> files = Files.list(in)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList()) {
                ObjectNode crd = (ObjectNode) YAML.readTree(file.toFile());
                finish(crd, models);
                rendered.add(file.getFileName().toString());
                String plural = crd.path("spec").path("names").path("plural").asText();
                String group = crd.path("spec").path("group").asText();
                for (Path out : outputs) {
                    Files.writeString(out.resolve(group + "_" + plural + ".yaml"), render(crd), StandardCharsets.UTF_8);
                }
            }
        }
        List<String> problems = new ArrayList<>(models.problems());
        if (!rendered.isEmpty()) {
            coreTypes.unused().forEach(key -> problems.add(CoreTypeFields.RESOURCE + ": entry " + key + " matches no generated field"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("CRDs not finished:\n  " + String.join("\n  ", problems));
        }
    }

    static String render(JsonNode crd) throws IOException {
        return HEADER + YAML.writeValueAsString(sorted(crd));
    }

    static void finish(ObjectNode crd, ModelSchemaFinisher models) {
        String kind = crd.path("spec").path("names").path("kind").asText();
        Class<? extends HasMetadata> type = Manifests.KINDS.get(kind);
        if (type == null) {
            throw new IllegalStateException("generated CRD for unknown kind " + kind);
        }
        for (JsonNode version : crd.path("spec").path("versions")) {
            ObjectNode v = (ObjectNode) version;
            v.set("additionalPrinterColumns", printerColumns(type));
            ObjectNode schema = (ObjectNode) v.path("schema").path("openAPIV3Schema");
            JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
            if (description == null) {
                throw new IllegalStateException(type.getName() + " has no @JsonClassDescription for the root of its CRD schema");
            }
            schema.put("description", description.value());
            ObjectNode properties = schema.with("properties");
            properties.putObject("apiVersion").put("type", "string")
                    .put("description", "APIVersion defines the versioned schema of this representation of an object: "
                            + Groups.API_VERSION + " for every kind of this operator.");
            properties.putObject("kind").put("type", "string")
                    .put("description", "Kind is a string value representing the REST resource this object represents: " + kind + ".");
            // Nothing but the type: the API server refuses a CRD whose root metadata schema says more
            // (a description included); kubectl explain shows ObjectMeta's documentation for it.
            properties.putObject("metadata").put("type", "object");
            models.finish(schema, type, kind);
            if (type == io.kfpoperator.api.v1beta1.Provider.class) {
                requireCoreTypeKeys((ObjectNode) properties.path("spec").path("properties"));
            }
        }
    }

    /**
     * fabric8's core/v1 model carries no required markers; mark the keys the API server needs
     * to merge these lists (env and volume names, mount paths) so a manifest missing them fails
     * at apply time rather than when the provider's Deployment is created.
     */
    private static void requireCoreTypeKeys(ObjectNode providerSpec) {
        require(providerSpec.path("podTemplateEnv").path("items"), "name");
        require(providerSpec.path("podTemplateVolumes").path("items"), "name");
        require(providerSpec.path("podTemplateVolumeMounts").path("items"), "mountPath", "name");
    }

    private static void require(JsonNode schema, String... names) {
        if (!(schema instanceof ObjectNode object)) {
            throw new IllegalStateException("expected an object schema to mark required " + String.join(", ", names));
        }
        ArrayNode required = object.putArray("required");
        for (String name : names) {
            required.add(name);
        }
    }

    private static ArrayNode printerColumns(Class<?> type) {
        ArrayNode columns = YAML.createArrayNode();
        for (AdditionalPrinterColumn column : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            ObjectNode c = columns.addObject();
            c.put("name", column.name());
            c.put("type", column.type().name().toLowerCase());
            c.put("jsonPath", column.jsonPath());
            if (column.priority() != 0) {
                // Only with `kubectl get -o wide`.
                c.put("priority", column.priority());
            }
        }
        return columns;
    }

    /** A copy with every object's keys sorted, lists kept in order. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode copy = YAML.createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            ArrayNode copy = YAML.createArrayNode();
            copy.addAll(items);
            return copy;
        }
        return node;
    }
}

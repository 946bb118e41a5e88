package io.kfpoperator.apiserver.discovery;

import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAPI v3 documents, one per group/version, as kubectl reads them: {@code components.schemas}
 * carry each kind's schema tagged with {@code x-kubernetes-group-version-kind} (for
 * {@code kubectl explain} and client-side validation), and each kind's PATCH operation declares
 * the {@code fieldValidation} query parameter, which tells kubectl 1.32 that the server validates
 * fields itself. kubectl then leaves schema checks to our admission (the shared validators), so
 * users read the same field-path messages as the controller would give.
 */
public final class OpenApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenApi() {
    }

    /** {@code /openapi/v3}: one entry per group/version. */
    public static ObjectNode index(ResourceRegistry registry) {
        ObjectNode doc = JSON.objectNode();
        ObjectNode paths = doc.putObject("paths");
        for (String groupVersion : groupVersions(registry)) {
            String path = groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
            // The hash lets kubectl cache the document; it changes whenever the kinds served there change.
            String hash = Integer.toHexString(document(registry, groupVersion).map(JsonNode::hashCode).orElse(0));
            paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash);
        }
        return doc;
    }

    private static Set<String> groupVersions(ResourceRegistry registry) {
        Set<String> groupVersions = new LinkedHashSet<>();
        registry.types().forEach(t -> groupVersions.add(t.groupVersion()));
        return groupVersions;
    }

    /** The document of one group/version ("v1" or "group/version"), or empty when nothing is served there. */
    public static Optional<ObjectNode> document(ResourceRegistry registry, String groupVersion) {
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
        List<ResourceType> types = registry.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "kfp-operator sandbox").put("version", version);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ResourceType type : types) {
            ObjectNode schema = type.schema() != null && type.schema().isObject() ? type.schema().deepCopy()
                    : JSON.objectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
            if (!schema.has("description")) {
                schema.put("description", type.kind() + " (" + type.groupVersion() + ")");
            }
            schema.set("x-kubernetes-group-version-kind", gvk(type));
            schemas.set(schemaName(type), schema);

            String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
            String item = prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural() + "/{name}";
            ObjectNode patch = paths.putObject(item).putObject("patch");
            patch.put("operationId", "patch" + type.kind());
            patch.set("x-kubernetes-group-version-kind", gvk(type).get(0));
            ArrayNode parameters = patch.putArray("parameters");
            for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                parameters.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
            }
        }
        return Optional.of(doc);
    }

    private static ArrayNode gvk(ResourceType type) {
        ArrayNode list = JSON.arrayNode();
        list.addObject().put("group", type.group()).put("kind", type.kind()).put("version", type.version());
        return list;
    }

    /** Reverse-domain names as the real server uses for CRDs, e.g. org.kubeflow.pipelines.v1beta1.Pipeline. */
    static String schemaName(ResourceType type) {
        if (type.group().isEmpty()) {
            return "io.k8s.api.core." + type.version() + "." + type.kind();
        }
        List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + "." + type.version() + "." + type.kind();
    }
}

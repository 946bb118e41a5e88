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
            if (type.custom()) {
                kubeNative(schema);
            } else if (!schema.has("description")) {
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

    /** TypeMeta's field descriptions, as kube-apiserver's generated OpenAPI definitions carry them. */
    static final String API_VERSION_DESCRIPTION = "APIVersion defines the versioned schema of this representation of an object. Servers "
            + "should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    static final String KIND_DESCRIPTION = "Kind is a string value representing the REST resource this object represents. Servers may "
            + "infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    static final String METADATA_DESCRIPTION = "Standard object's metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    /**
     * What the apiextensions OpenAPI builder (buildKubeNative) makes of a CRD's schema: the
     * schema's own description, or none; apiVersion and kind as TypeMeta defines them, whatever
     * the CRD says; metadata described as the standard object metadata (kube-apiserver refers to
     * the ObjectMeta definition there, which this server does not serve).
     */
    private static void kubeNative(ObjectNode schema) {
        ObjectNode properties = schema.withObjectProperty("properties");
        properties.putObject("apiVersion").put("type", "string").put("description", API_VERSION_DESCRIPTION);
        properties.putObject("kind").put("type", "string").put("description", KIND_DESCRIPTION);
        ObjectNode metadata = properties.path("metadata").isObject() ? (ObjectNode) properties.get("metadata") : properties.putObject("metadata");
        metadata.put("type", "object").put("description", METADATA_DESCRIPTION);
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

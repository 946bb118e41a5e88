package io.kfpoperator.apiserver.discovery;

import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy (unaggregated) discovery documents. kubectl 1.32 asks for aggregated discovery first
 * and falls back to these when the answer's content type is plain JSON, which is what we send.
 */
public final class Discovery {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Discovery() {
    }

    /** {@code /api}. */
    public static ObjectNode coreVersions(String serverAddress) {
        ObjectNode doc = JSON.objectNode().put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return doc;
    }

    /** {@code /apis}. */
    public static ObjectNode groupList(ResourceRegistry registry) {
        ObjectNode doc = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        for (Map.Entry<String, List<String>> group : registry.groups().entrySet()) {
            groups.add(group(group.getKey(), group.getValue()));
        }
        return doc;
    }

    /** {@code /apis/<group>}, or empty when no kind is served in that group. */
    public static Optional<ObjectNode> group(ResourceRegistry registry, String group) {
        List<String> versions = registry.groups().get(group);
        return versions == null ? Optional.empty() : Optional.of(group(group, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = JSON.objectNode().put("name", name);
        ArrayNode list = group.putArray("versions");
        versions.forEach(v -> list.addObject().put("groupVersion", name + "/" + v).put("version", v));
        group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
        return group;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}, or empty when nothing is served there. */
    public static Optional<ObjectNode> resourceList(ResourceRegistry registry, String group, String version) {
        List<ResourceType> types = registry.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", types.get(0).groupVersion());
        ArrayNode resources = doc.putArray("resources");
        for (ResourceType type : types) {
            ObjectNode resource = resources.addObject().put("name", type.plural()).put("singularName", type.singular())
                    .put("namespaced", type.namespaced()).put("kind", type.kind());
            ArrayNode verbs = resource.putArray("verbs");
            ResourceType.VERBS.forEach(verbs::add);
            if (!type.shortNames().isEmpty()) {
                ArrayNode shortNames = resource.putArray("shortNames");
                type.shortNames().forEach(shortNames::add);
            }
            if (!type.categories().isEmpty()) {
                ArrayNode categories = resource.putArray("categories");
                type.categories().forEach(categories::add);
            }
            if (type.statusSubresource()) {
                ObjectNode status = resources.addObject().put("name", type.plural() + "/status").put("singularName", "")
                        .put("namespaced", type.namespaced()).put("kind", type.kind());
                status.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return Optional.of(doc);
    }
}

package io.kfpoperator.apiserver.resources;

import java.util.List;
import java.util.Optional;

/**
 * What a resource request addresses: a kind, maybe a namespace, maybe one object, maybe a
 * subresource. Parsed from {@code /api/v1/...} or {@code /apis/<group>/<version>/...}.
 */
public record Target(ResourceType type, String namespace, String name, String subresource) {

    /** Empty when the path is not a resource path or names an unknown kind. */
    public static Optional<Target> parse(String path, ResourceRegistry registry) {
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        String group;
        String version;
        List<String> rest;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            rest = segments.subList(2, segments.size());
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            rest = segments.subList(3, segments.size());
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.size() > 3) {
            return Optional.empty();
        }
        String plural = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        String ns = namespace;
        return registry.find(group, version, plural).map(type -> new Target(type, ns, name, subresource));
    }

    /** The path of the collection this target lists (one namespace, or all of them). */
    public String collectionPath() {
        StringBuilder path = new StringBuilder(type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version());
        if (namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        return path.append('/').append(type.plural()).toString();
    }

    public String objectPath() {
        return collectionPath() + "/" + name;
    }
}
